package dev.latentq.worker.config;

import java.time.Duration;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code storage} keys of {@code latentq-example.yaml}; both keys null means anonymous access. {@link #toString()}
 * masks the credentials.
 */
public record StorageSettings(String endpoint, String accessKey, String secretKey, String region, String bucket,
    String keyPrefix, boolean createBucket, Duration retryBudget, Set<String> outputBuckets,
    Set<String> inputBuckets) {
  public StorageSettings {
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
    return Collections.unmodifiableSet(all);
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
