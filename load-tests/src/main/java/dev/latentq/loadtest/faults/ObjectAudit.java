package dev.latentq.loadtest.faults;

import dev.latentq.protocol.event.GeneratedImage;
import dev.latentq.protocol.event.JobEvent;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the images of succeeded jobs in S3: each at its deterministic key, stored once, with the SHA-256 that every
 * succeeded event of the job reports. A redelivered job must overwrite identical bytes; different digests for one
 * key are a violation. Reads through the S3 API (MinIO client), as any consumer of the images would. Not
 * thread-safe.
 */
public final class ObjectAudit implements AutoCloseable {

  /** The worker's default output bucket, which LocalCluster's workers use. */
  public static final String DEFAULT_BUCKET = "latentq-images";
  /** The worker's default key prefix. */
  public static final String DEFAULT_PREFIX = "images/";

  private final MinioClient client;

  public ObjectAudit(String endpoint, String accessKey, String secretKey) {
    this.client = MinioClient.builder().endpoint(endpoint).region("us-east-1").credentials(accessKey, secretKey)
        .build();
  }

  /** Checks the images of the succeeded jobs among {@code jobIds}, stored with the worker's default output. */
  public ObjectCheck check(EventLog events, Iterable<String> jobIds) {
    Map<String, Set<String>> digestsByKey = new LinkedHashMap<>();
    Set<String> succeededPrefixes = new HashSet<>();
    Problems problems = new Problems();
    long misplaced = 0;
    for (String jobId : jobIds) {
      List<JobEvent.Succeeded> succeeded = events.succeeded(jobId);
      if (!succeeded.isEmpty()) {
        succeededPrefixes.add(DEFAULT_PREFIX + jobId + "/");
      }
      for (JobEvent.Succeeded event : succeeded) {
        for (GeneratedImage image : event.data().images()) {
          String expectedKey = DEFAULT_PREFIX + jobId + "/" + image.index() + ".png";
          if (!image.bucket().equals(DEFAULT_BUCKET) || !image.key().equals(expectedKey)) {
            misplaced++;
            problems.add(jobId + " image " + image.index() + " at s3://" + image.bucket() + "/" + image.key()
                + ", expected s3://" + DEFAULT_BUCKET + "/" + expectedKey);
            continue;
          }
          digestsByKey.computeIfAbsent(image.key(), k -> new LinkedHashSet<>()).add(image.sha256());
        }
      }
    }
    Set<String> listed = list();
    long verified = 0;
    long missing = 0;
    long conflicting = 0;
    for (Map.Entry<String, Set<String>> entry : digestsByKey.entrySet()) {
      String key = entry.getKey();
      if (!listed.contains(key)) {
        missing++;
        problems.add("s3://" + DEFAULT_BUCKET + "/" + key + " is missing");
        continue;
      }
      String stored = sha256(key);
      if (entry.getValue().size() > 1) {
        conflicting++;
        problems.add("succeeded events disagree on s3://" + DEFAULT_BUCKET + "/" + key + ": " + entry.getValue());
      } else if (!entry.getValue().contains(stored)) {
        conflicting++;
        problems.add("s3://" + DEFAULT_BUCKET + "/" + key + " has SHA-256 " + stored + ", its event says "
            + entry.getValue());
      } else {
        verified++;
      }
    }
    long stray = 0;
    for (String key : listed) {
      int slash = key.indexOf('/', DEFAULT_PREFIX.length());
      boolean ofSucceededJob = slash > 0 && succeededPrefixes.contains(key.substring(0, slash + 1));
      if (ofSucceededJob && !digestsByKey.containsKey(key)) {
        stray++;
        problems.add("s3://" + DEFAULT_BUCKET + "/" + key + " is named by no succeeded event");
      }
    }
    return new ObjectCheck(digestsByKey.size(), verified, missing, conflicting, misplaced, stray, problems.list);
  }

  private Set<String> list() {
    return keysUnder(DEFAULT_PREFIX);
  }

  /** The keys in the default bucket that start with {@code prefix}. */
  Set<String> keysUnder(String prefix) {
    Set<String> keys = new HashSet<>();
    for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(DEFAULT_BUCKET)
        .prefix(prefix).recursive(true).build())) {
      try {
        keys.add(result.get().objectName());
      } catch (MinioException e) {
        throw new IllegalStateException("listing s3://" + DEFAULT_BUCKET + "/" + prefix + " failed: " + e
            + "; is the S3 server up?", e);
      }
    }
    return keys;
  }

  /** The SHA-256 of the object at {@code key} in the default bucket, as hex. */
  String sha256(String key) {
    try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(DEFAULT_BUCKET).object(key).build())) {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
    } catch (MinioException | IOException e) {
      throw new IllegalStateException("reading s3://" + DEFAULT_BUCKET + "/" + key + " failed: " + e
          + "; is the S3 server up?", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the S3 client failed: " + e, e);
    }
  }

  /** Collects up to {@link ObjectCheck#MAX_PROBLEMS} examples. */
  private static final class Problems {
    private final List<String> list = new ArrayList<>();

    void add(String problem) {
      if (list.size() < ObjectCheck.MAX_PROBLEMS) {
        list.add(problem);
      }
    }
  }
}
