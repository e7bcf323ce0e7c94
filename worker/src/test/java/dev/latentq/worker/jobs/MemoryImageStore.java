package dev.latentq.worker.jobs;

import dev.latentq.worker.storage.ImageStore;
import dev.latentq.worker.storage.StorageException;
import dev.latentq.worker.storage.StoredObject;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory store for the stage tests: objects with their user metadata, reads that may fail, and uploads that
 * may be held until the test releases them or fail. Thread-safe.
 */
final class MemoryImageStore implements ImageStore {
  record Entry(byte[] data, Map<String, String> metadata) {
  }

  private final Map<String, Entry> objects = new ConcurrentHashMap<>();
  private final List<Promise<Void>> held = new ArrayList<>();
  private final AtomicInteger gets = new AtomicInteger();
  private volatile boolean holdPuts;
  private volatile RuntimeException putFailure;
  private volatile StorageException getFailure;

  void add(String bucket, String key, byte[] data, Map<String, String> metadata) {
    objects.put(bucket + "/" + key, new Entry(data, Map.copyOf(metadata)));
  }

  Entry object(String bucket, String key) {
    return objects.get(bucket + "/" + key);
  }

  /** Reads made so far. */
  int gets() {
    return gets.get();
  }

  /** Uploads from now on wait for {@link #releasePuts()}. */
  void holdPuts() {
    holdPuts = true;
  }

  synchronized void releasePuts() {
    holdPuts = false;
    held.forEach(Promise::complete);
    held.clear();
  }

  /** Uploads from now on fail with {@code failure}. */
  void failPuts(RuntimeException failure) {
    putFailure = failure;
  }

  /** Reads from now on fail with {@code failure}. */
  void failGets(StorageException failure) {
    getFailure = failure;
  }

  @Override
  public synchronized Future<StoredObject> put(String bucket, String key, byte[] data, String contentType,
      Map<String, String> userMetadata) {
    if (putFailure != null) {
      return Future.failedFuture(putFailure);
    }
    StoredObject stored = new StoredObject(bucket, key, data.length, sha256(data));
    Promise<Void> written = Promise.promise();
    written.future().onSuccess(v -> add(bucket, key, data, userMetadata));
    if (holdPuts) {
      held.add(written);
    } else {
      written.complete();
    }
    return written.future().map(stored);
  }

  @Override
  public Future<Optional<Map<String, String>>> userMetadata(String bucket, String key) {
    return Future.succeededFuture(Optional.ofNullable(object(bucket, key)).map(Entry::metadata));
  }

  @Override
  public Future<byte[]> get(String bucket, String key) {
    gets.incrementAndGet();
    if (getFailure != null) {
      return Future.failedFuture(getFailure);
    }
    Entry entry = object(bucket, key);
    return entry == null ? Future.failedFuture(new IllegalStateException("no object " + bucket + "/" + key))
        : Future.succeededFuture(entry.data());
  }

  @Override
  public Future<Void> ensureBucket(String bucket) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> ping(String bucket) {
    return Future.succeededFuture();
  }

  @Override
  public void close() {
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
