package dev.latentq.worker.storage;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory store for tests: objects with their user metadata, reads and uploads that may fail, and, when gated,
 * uploads that wait until the test releases their job (so a job can be held "storing" as long as a test needs it in
 * flight). Thread-safe.
 */
public final class MemoryImageStore implements ImageStore {
  /** A stored object. */
  public record Entry(byte[] data, Map<String, String> metadata) {
  }

  private final Map<String, Entry> objects = new ConcurrentHashMap<>();
  private final Map<String, List<Promise<Void>>> waiting = new ConcurrentHashMap<>();
  private final Map<String, Boolean> released = new ConcurrentHashMap<>();
  private final Map<String, Integer> uploads = new ConcurrentHashMap<>();
  private final AtomicInteger gets = new AtomicInteger();
  private volatile boolean gated;
  private volatile RuntimeException putFailure;
  private volatile RuntimeException getFailure;

  /** A store whose uploads complete at once. */
  public MemoryImageStore() {
  }

  /** A store whose uploads of a job wait for {@link #release} of its id (user metadata {@code job-id}). */
  public static MemoryImageStore gated() {
    MemoryImageStore store = new MemoryImageStore();
    store.gated = true;
    return store;
  }

  /** Puts an object there, as if uploaded earlier. */
  public void add(String bucket, String key, byte[] data, Map<String, String> metadata) {
    objects.put(bucket + "/" + key, new Entry(data, Map.copyOf(metadata)));
  }

  /** The object, or null. */
  public Entry object(String bucket, String key) {
    return objects.get(bucket + "/" + key);
  }

  /** Reads made so far. */
  public int gets() {
    return gets.get();
  }

  /** Lets the job's pending and future uploads complete. */
  public synchronized void release(String jobId) {
    released.put(jobId, true);
    List<Promise<Void>> pending = waiting.remove(jobId);
    if (pending != null) {
      pending.forEach(Promise::complete);
    }
  }

  /** Whether an upload of the job has started (it reached the store). */
  public boolean reached(String jobId) {
    return uploads.containsKey(jobId);
  }

  /** Uploads started for the job. */
  public int uploads(String jobId) {
    return uploads.getOrDefault(jobId, 0);
  }

  /** Uploads from now on fail with {@code failure}. */
  public void failPuts(RuntimeException failure) {
    putFailure = failure;
  }

  /** Reads from now on fail with {@code failure}. */
  public void failGets(RuntimeException failure) {
    getFailure = failure;
  }

  @Override
  public synchronized Future<StoredObject> put(String bucket, String key, byte[] data, String contentType,
      Map<String, String> userMetadata) {
    String jobId = userMetadata.get("job-id");
    uploads.merge(jobId, 1, Integer::sum);
    if (putFailure != null) {
      return Future.failedFuture(putFailure);
    }
    Promise<Void> written = Promise.promise();
    if (gated && !released.containsKey(jobId)) {
      waiting.computeIfAbsent(jobId, id -> new ArrayList<>()).add(written);
    } else {
      written.complete();
    }
    return written.future().map(v -> {
      add(bucket, key, data, userMetadata);
      return new StoredObject(bucket, key, data.length, Sha256.hex(data));
    });
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
}
