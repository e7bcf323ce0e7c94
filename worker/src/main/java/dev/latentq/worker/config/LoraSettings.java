package dev.latentq.worker.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where job LoRAs come from and how many a job may use. A name resolves in the folder first, then in the bucket.
 *
 * @param folder nullable: the folder whose {@code .safetensors} files jobs name in {@code loras} (never a path from the
 *     job); null when this worker serves no LoRAs from a folder (default)
 * @param maxPerJob most LoRAs in one job (default 4)
 * @param maxScale largest absolute LoRA scale a job may ask for (default 2)
 * @param bucket nullable: the S3 bucket (on the storage endpoint) whose {@code <prefix><name>.safetensors} objects jobs
 *     may name; null for none (default)
 * @param prefix key prefix of the LoRAs in {@code bucket}, e.g. {@code loras/} (default empty)
 * @param cacheFolder where LoRAs from the bucket are downloaded to (default {@code latentq-lora-cache} in
 *     {@code java.io.tmpdir})
 * @param cacheSize most bytes of downloaded LoRAs kept in {@code cacheFolder} (default 2 GiB)
 * @param keptVariants patched variants (LoRA sets) each model keeps built, least recently used closed first
 *     (default 4)
 */
public record LoraSettings(Path folder, int maxPerJob, double maxScale, String bucket, String prefix,
    Path cacheFolder, long cacheSize, int keptVariants) {
  public static final Path DEFAULT_CACHE_FOLDER = Path.of(System.getProperty("java.io.tmpdir"), "latentq-lora-cache")
      .toAbsolutePath().normalize();
  public static final long DEFAULT_CACHE_SIZE = 2L << 30;
  public static final int DEFAULT_KEPT_VARIANTS = 4;

  public LoraSettings {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(cacheFolder, "cacheFolder");
    if (cacheSize < 1 || keptVariants < 1) {
      throw new IllegalArgumentException("loras.cacheSize and loras.keptVariants must be >= 1, got " + cacheSize
          + " and " + keptVariants);
    }
  }

  /** A folder (or none) and limits; no bucket, the default cache and variants. */
  public LoraSettings(Path folder, int maxPerJob, double maxScale) {
    this(folder, maxPerJob, maxScale, null, "", DEFAULT_CACHE_FOLDER, DEFAULT_CACHE_SIZE, DEFAULT_KEPT_VARIANTS);
  }
}
