package dev.latentq.worker.storage;

/** Storage failures for tests outside this package, as the S3 store reports them. */
public final class StorageFailures {

  private StorageFailures() {
  }

  /** The server did not answer: retrying later may succeed. */
  public static StorageException unavailable(String operation, String bucket, String key) {
    return StorageException.of(new S3Target(operation, bucket, key), "ServiceUnavailable",
        "the server did not answer; retry later", true, null);
  }

  /** The call can never succeed as is (e.g. access denied). */
  public static StorageException denied(String operation, String bucket, String key) {
    return StorageException.of(new S3Target(operation, bucket, key), "AccessDenied",
        "access denied: grant the worker's key access to the bucket", false, null);
  }
}
