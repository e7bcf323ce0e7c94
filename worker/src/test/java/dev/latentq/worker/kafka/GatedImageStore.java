package dev.latentq.worker.kafka;

import dev.latentq.worker.storage.ImageStore;
import dev.latentq.worker.storage.StoredObject;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory store whose uploads wait until the test releases their job, so a job can be held "storing" for as
 * long as a test needs it in flight. Thread-safe.
 */
final class GatedImageStore implements ImageStore {
  private final Map<String, List<Promise<StoredObject>>> waiting = new ConcurrentHashMap<>();
  private final Map<String, Boolean> released = new ConcurrentHashMap<>();
  private final Map<String, Integer> uploads = new ConcurrentHashMap<>();

  @Override
  public synchronized Future<StoredObject> put(String bucket, String key, byte[] data, String contentType,
      Map<String, String> userMetadata) {
    String jobId = userMetadata.get("job-id");
    uploads.merge(jobId, 1, Integer::sum);
    StoredObject stored = new StoredObject(bucket, key, data.length, "0".repeat(64));
    if (released.containsKey(jobId)) {
      return Future.succeededFuture(stored);
    }
    Promise<StoredObject> promise = Promise.promise();
    waiting.computeIfAbsent(jobId, id -> new ArrayList<>()).add(promise);
    return promise.future().map(v -> stored);
  }

  /** Lets the job's pending and future uploads complete. */
  synchronized void release(String jobId) {
    released.put(jobId, true);
    List<Promise<StoredObject>> pending = waiting.remove(jobId);
    if (pending != null) {
      pending.forEach(p -> p.complete(null));
    }
  }

  /** Whether an upload of the job has started (it reached the store). */
  boolean reached(String jobId) {
    return uploads.containsKey(jobId);
  }

  /** Uploads started for the job. */
  int uploads(String jobId) {
    return uploads.getOrDefault(jobId, 0);
  }

  @Override
  public Future<Optional<Map<String, String>>> userMetadata(String bucket, String key) {
    return Future.succeededFuture(Optional.empty()); // every id is fresh in these tests
  }

  @Override
  public Future<byte[]> get(String bucket, String key) {
    return Future.failedFuture(new UnsupportedOperationException("no init images in these tests"));
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
}
