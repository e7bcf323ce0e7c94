package dev.latentq.worker.storage;

/**
 * An object written by {@link ImageStore#put}.
 *
 * @param bucket the bucket it lives in
 * @param key its key in the bucket
 * @param bytes its size
 * @param sha256 the SHA-256 of its content as 64 lowercase hex digits
 */
public record StoredObject(String bucket, String key, long bytes, String sha256) {
}
