package dev.latentq.protocol.job;

import java.util.Objects;

/**
 * Where a job's images go. The worker writes every image under {@code keyPrefix} (its configured prefix when null);
 * the rest of each key is the worker's choice and is reported in the succeeded event.
 *
 * @param bucket S3 bucket name
 * @param keyPrefix key prefix, nullable: the worker's configured prefix applies
 */
public record OutputLocation(String bucket, String keyPrefix) {
  public OutputLocation {
    Objects.requireNonNull(bucket, "bucket");
  }
}
