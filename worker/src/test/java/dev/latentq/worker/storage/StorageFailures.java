package dev.latentq.worker.storage;

/** Storage failures for tests outside this package (the factory is package-private in production). */
public final class StorageFailures {
  private StorageFailures() {}

  /** A failure that retrying may fix (the server is down). */
  public static StorageException unreachable(String bucket, String key) {
    return StorageException.of(new S3Target("stat", bucket, key), "Unreachable", "connection refused; the S3 server"
        + " is down", true, null);
  }

  /** A failure retrying cannot fix as is (no access). */
  public static StorageException accessDenied(String bucket, String key) {
    return StorageException.of(new S3Target("stat", bucket, key), "AccessDenied", "access denied", false, null);
  }
}
