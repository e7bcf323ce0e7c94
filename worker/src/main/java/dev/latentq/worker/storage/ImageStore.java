package dev.latentq.worker.storage;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;

/**
 * Object storage for generated images and img2img init images. Every method may be called from an event loop: the
 * blocking I/O runs on a worker pool and the returned future completes there. Failures are
 * {@link StorageException}s that say whether retrying later can help. Implementations are thread-safe.
 */
public interface ImageStore extends AutoCloseable {

  /**
   * Stores {@code data} under {@code bucket/key}, replacing an existing object (same bytes make it idempotent).
   * {@code data} is not copied: it must not change until the future completes.
   *
   * @param contentType e.g. {@code image/png}
   * @param userMetadata stored as {@code x-amz-meta-*} headers: keys of letters, digits and '-', printable ASCII
   *     values
   * @return the bucket, key, byte count and SHA-256 (lowercase hex) of {@code data}, computed locally
   */
  Future<StoredObject> put(String bucket, String key, byte[] data, String contentType,
      Map<String, String> userMetadata);

  /**
   * The user metadata of an object (the {@code x-amz-meta-*} headers, names lower-cased without the prefix), or
   * empty when no object has this key. Retries transient failures like {@link #put}.
   */
  Future<Optional<Map<String, String>>> userMetadata(String bucket, String key);

  /** Reads a whole object, failing permanently when it is missing or larger than the store's size limit. */
  Future<byte[]> get(String bucket, String key);

  /** Creates the bucket unless it exists; tolerates another worker creating it at the same moment. */
  Future<Void> ensureBucket(String bucket);

  /** Readiness probe: succeeds when the server answers and the bucket exists; a single attempt, no retries. */
  Future<Void> ping(String bucket);

  /** Releases connections and worker threads; the store is unusable afterwards. */
  @Override
  void close();
}
