package dev.latentq.worker.storage;

import dev.latentq.engine.image.PngEncoder;
import dev.latentq.engine.image.RgbImage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Encodes images to PNG files on the shared Vert.x worker pool {@value #POOL_NAME}, off the event loops. Each task
 * borrows one of a small set of reusable {@link PngEncoder}s, so at most one encoder per pool thread exists.
 * Thread-safe.
 */
public final class PngWriter implements AutoCloseable {

  /** Name of the worker pool (and prefix of its thread names) that encodes. */
  public static final String POOL_NAME = "latentq-png";

  private final WorkerExecutor executor;
  private final EncoderPool encoders;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Creates the pool of {@code threads} threads; encoders are created on first use. */
  public PngWriter(Vertx vertx, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("The PNG pool needs at least 1 thread, got " + threads);
    }
    this.executor = vertx.createSharedWorkerExecutor(POOL_NAME, threads);
    this.encoders = new EncoderPool(threads);
  }

  /**
   * Encodes {@code image} with one text chunk per entry of {@code text}, in its iteration order (e.g. the
   * {@code parameters} chunk). The image's pixels must not change until the future completes.
   *
   * @return the PNG file; fails with IllegalArgumentException on invalid text keys or values
   */
  public Future<byte[]> encode(RgbImage image, Map<String, String> text) {
    Objects.requireNonNull(image, "image");
    Map<String, String> chunks = new LinkedHashMap<>(Objects.requireNonNull(text, "text"));
    if (closed.get()) {
      return Future.failedFuture(new IllegalStateException("The PNG writer is closed: encode before closing it"));
    }
    return executor.executeBlocking(() -> {
      PngEncoder encoder = encoders.borrow();
      try {
        return encoder.encode(image, chunks);
      } finally {
        encoders.giveBack(encoder);
      }
    }, false);
  }

  /** Encoders created so far; for tests of the reuse. */
  int encodersCreated() {
    return encoders.createdCount();
  }

  /**
   * Frees the idle encoders' native memory and releases the worker pool. Encodes already running complete; their
   * encoders are freed as they finish.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    encoders.close();
    executor.close();
  }
}
