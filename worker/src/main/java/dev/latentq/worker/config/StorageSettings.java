package dev.latentq.worker.config;

import dev.latentq.protocol.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * Where images go (S3 or a compatible store such as MinIO). {@link #toString()} masks the credentials.
 *
 * @param endpoint http(s) URL of the S3 API (default {@code http://localhost:9000})
 * @param accessKey nullable: access key; null together with {@code secretKey} means anonymous access
 * @param secretKey nullable: secret key
 * @param region signing region (default {@code us-east-1})
 * @param bucket default output bucket, used when a job names none (default {@code latentq-images})
 * @param keyPrefix prefix of object keys in the default bucket (default {@code images/})
 * @param createBucket create the default bucket at startup if missing (default true)
 * @param retryBudget how long one upload may keep retrying before the job fails (default 2m)
 */
public record StorageSettings(String endpoint, String accessKey, String secretKey, String region, String bucket,
    String keyPrefix, boolean createBucket, Duration retryBudget) {

  public StorageSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    Objects.requireNonNull(retryBudget, "retryBudget");
  }

  /** True when both keys are set; otherwise the store is accessed anonymously. */
  public boolean hasCredentials() {
    return accessKey != null && secretKey != null;
  }

  @Override
  public String toString() {
    return "StorageSettings[endpoint=" + endpoint + ", accessKey=" + Secrets.mask(accessKey)
        + ", secretKey=" + Secrets.mask(secretKey) + ", region=" + region + ", bucket=" + bucket
        + ", keyPrefix=" + keyPrefix + ", createBucket=" + createBucket
        + ", retryBudget=" + Durations.format(retryBudget) + "]";
  }
}
