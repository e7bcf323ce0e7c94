package dev.latentq.worker.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of {@link S3ImageStore}; {@link #defaults()} suits the worker.
 *
 * @param threads size of the {@value S3ImageStore#POOL_NAME} worker pool, i.e. concurrent S3 calls
 * @param maxGetBytes largest object {@link ImageStore#get} reads; larger ones fail permanently
 * @param connectTimeout TCP connect timeout of one HTTP request
 * @param requestTimeout read and write timeout of one HTTP request
 * @param pingTimeout how long {@link ImageStore#ping} waits for an answer
 */
public record S3StoreOptions(int threads, long maxGetBytes, Duration connectTimeout, Duration requestTimeout,
    Duration pingTimeout) {

  /** Init images are a few MB; anything far larger is a mistake or abuse, not an image to diffuse from. */
  public static final long DEFAULT_MAX_GET_BYTES = 32L * 1024 * 1024;
  private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  /** Validates the values. */
  public S3StoreOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("S3 worker pool needs at least 1 thread, got " + threads);
    }
    if (maxGetBytes < 1 || maxGetBytes > MAX_ARRAY_BYTES) {
      throw new IllegalArgumentException("maxGetBytes must be 1.." + MAX_ARRAY_BYTES + ", got " + maxGetBytes);
    }
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    requirePositive(pingTimeout, "pingTimeout");
  }

  /** 4 threads, 32 MiB reads, 5 s connect, 30 s read/write, 5 s ping. */
  public static S3StoreOptions defaults() {
    return new S3StoreOptions(4, DEFAULT_MAX_GET_BYTES, Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofSeconds(5));
  }

  public S3StoreOptions withMaxGetBytes(long value) {
    return new S3StoreOptions(threads, value, connectTimeout, requestTimeout, pingTimeout);
  }

  public S3StoreOptions withTimeouts(Duration connect, Duration request) {
    return new S3StoreOptions(threads, maxGetBytes, connect, request, pingTimeout);
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
