package dev.latentq.worker.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where images go (S3 or a compatible store such as MinIO; {@code storage.*} in {@code latentq-example.yaml}).
 * {@link #toString()} masks the credentials.
 *
 * @param accessKey nullable: null together with {@code secretKey} means anonymous access
 * @param secretKey nullable
 * @param bucket default output bucket, used when a job names none
 * @param outputBuckets buckets jobs may name in {@code output.bucket} besides {@code bucket}
 * @param inputBuckets buckets jobs may read init images from
 */
public record StorageSettings(String endpoint, String accessKey, String secretKey, String region, String bucket,
    String keyPrefix, boolean createBucket, Duration retryBudget, Set<String> outputBuckets,
    Set<String> inputBuckets) {
  public StorageSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    Objects.requireNonNull(retryBudget, "retryBudget");
    outputBuckets = Set.copyOf(outputBuckets);
    inputBuckets = Set.copyOf(inputBuckets);
  }

  /** Settings that grant jobs only the default bucket, for writing. */
  public StorageSettings(String endpoint, String accessKey, String secretKey, String region, String bucket,
      String keyPrefix, boolean createBucket, Duration retryBudget) {
    this(endpoint, accessKey, secretKey, region, bucket, keyPrefix, createBucket, retryBudget, Set.of(), Set.of());
  }

  /** Every bucket jobs may write to: the default bucket and the granted output buckets. */
  public Set<String> writableBuckets() {
    Set<String> all = new TreeSet<>(outputBuckets);
    all.add(bucket);
    return java.util.Collections.unmodifiableSet(all);
  }

  /** True when both keys are set; otherwise the store is accessed anonymously. */
  public boolean hasCredentials() {
    return accessKey != null && secretKey != null;
  }

  @Override
  public String toString() {
    return "StorageSettings[" + Secrets.describe(this) + "]";
  }
}
