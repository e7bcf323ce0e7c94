package dev.latentq.protocol.job;

import java.util.Objects;

/**
 * An existing object in S3-compatible storage, e.g. the init image of an img2img job.
 *
 * @param bucket S3 bucket name
 * @param key object key
 */
public record ObjectRef(String bucket, String key) {
  public ObjectRef {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
  }
}
