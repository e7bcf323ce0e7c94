package dev.latentq.protocol.event;

import java.util.Objects;

/**
 * One stored image of a succeeded job.
 *
 * @param index position in the job's images, from 0
 * @param bucket S3 bucket
 * @param key S3 object key of the PNG
 * @param bytes size of the PNG in bytes
 * @param sha256 SHA-256 of the PNG, 64 lower-case hex digits
 * @param seed the seed that produced this image (reproduces it with the same job parameters)
 * @param width image width in pixels
 * @param height image height in pixels
 */
public record GeneratedImage(
    int index, String bucket, String key, long bytes, String sha256, long seed, int width, int height) {
  public GeneratedImage {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sha256, "sha256");
  }
}
