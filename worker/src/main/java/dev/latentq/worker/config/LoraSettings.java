package dev.latentq.worker.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where job LoRAs come from and how many a job may use ({@code loras.*} in {@code latentq-example.yaml}).
 *
 * @param folder nullable: the folder whose {@code .safetensors} files jobs name in {@code loras} (never a path from
 *     the job); null when this worker serves no LoRAs from a folder
 * @param maxPerJob most LoRAs in one job
 * @param maxScale largest absolute LoRA scale a job may ask for
 * @param bucket nullable: an S3 bucket holding LoRA {@code .safetensors} files
 * @param prefix key prefix of the LoRA files in {@code bucket}
 * @param cacheFolder local cache of downloaded LoRA files (unset: {@code latentq-loras} under {@code java.io.tmpdir})
 * @param cacheSize most bytes the cache keeps
 * @param keptVariants how many patched LoRA variants of a model stay built
 */
public record LoraSettings(Path folder, int maxPerJob, double maxScale, String bucket, String prefix,
    Path cacheFolder, long cacheSize, int keptVariants) {
  public LoraSettings {
    Objects.requireNonNull(prefix, "prefix");
    cacheFolder = cacheFolder != null ? cacheFolder : Path.of(System.getProperty("java.io.tmpdir"), "latentq-loras");
  }

  /** Settings with the example's defaults for the bucket and the cache. */
  public LoraSettings(Path folder, int maxPerJob, double maxScale) {
    this(folder, maxPerJob, maxScale, Defaults.LORAS.bucket(), Defaults.LORAS.prefix(), Defaults.LORAS.cacheFolder(),
        Defaults.LORAS.cacheSize(), Defaults.LORAS.keptVariants());
  }

  // Holder: bound on first use, after the record class itself is ready.
  private static final class Defaults {
    static final LoraSettings LORAS = ConfigLoader.defaults("loras", LoraSettings.class);
  }
}
