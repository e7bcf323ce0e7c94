package dev.latentq.worker.storage;

import dev.latentq.worker.loras.LoraBucket;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@link LoraBucket} on the image store's S3 client: a LoRA named {@code x.safetensors} is the object
 * {@code <prefix>x.safetensors}. Blocking; thread-safe.
 */
final class S3LoraBucket implements LoraBucket {
  private static final String EXTENSION = ".safetensors";

  private final MinioClient client;
  private final String bucket;
  private final String prefix;

  S3LoraBucket(MinioClient client, String bucket, String prefix) {
    this.client = client;
    this.bucket = bucket;
    this.prefix = prefix;
  }

  @Override
  public Optional<RemoteFile> stat(String fileName) {
    S3Target target = new S3Target("stat", bucket, prefix + fileName);
    try {
      StatObjectResponse stat = client.statObject(StatObjectArgs.builder().bucket(bucket).object(target.key())
          .build());
      return Optional.of(new RemoteFile(stat.size(), stat.etag()));
    } catch (ErrorResponseException e) {
      // A missing bucket is the worker's misconfiguration, not a LoRA the job got wrong.
      if (S3Failures.isNotFound(e, true)) {
        return Optional.empty();
      }
      throw S3Failures.classify(target, e);
    } catch (Exception e) {
      throw S3Failures.classify(target, e);
    }
  }

  @Override
  public void download(String fileName, Path target) {
    S3Target what = new S3Target("get", bucket, prefix + fileName);
    try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(what.key()).build())) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (Exception e) {
      throw S3Failures.classify(what, e);
    }
  }

  @Override
  public List<String> names(int limit) {
    S3Target target = new S3Target("list", bucket, prefix);
    TreeSet<String> names = new TreeSet<>();
    try {
      // Names are directly under the prefix: deeper keys could never be named by a job.
      for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
          .recursive(false).build())) {
        String key = result.get().objectName();
        String name = key.substring(prefix.length());
        if (name.endsWith(EXTENSION) && !name.contains("/")) {
          names.add(name.substring(0, name.length() - EXTENSION.length()));
        }
        if (names.size() >= limit) {
          break;
        }
      }
      return List.copyOf(names);
    } catch (Exception e) {
      throw S3Failures.classify(target, e);
    }
  }

  @Override
  public String location(String fileName) {
    return "s3://" + bucket + "/" + prefix + fileName;
  }
}
