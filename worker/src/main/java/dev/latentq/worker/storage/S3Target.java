package dev.latentq.worker.storage;

import java.io.Serializable;

/** What an S3 call acts on, for error messages and logs; {@code key} is null for bucket operations. */
record S3Target(String operation, String bucket, String key) implements Serializable {

  static S3Target bucket(String operation, String bucket) {
    return new S3Target(operation, bucket, null);
  }

  /** e.g. {@code put of s3://images/jobs/1.png}. */
  String describe() {
    return operation + " of s3://" + bucket + (key == null ? "" : "/" + key);
  }
}
