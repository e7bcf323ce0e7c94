package dev.latentq.worker.config;

import java.nio.file.Path;

/**
 * The {@code loras} keys of {@code latentq-example.yaml}; {@code folder} and {@code bucket} are null when unset. Jobs
 * name files in these places, never paths.
 */
public record LoraSettings(Path folder, int maxPerJob, double maxScale, String bucket, String prefix,
    Path cacheFolder, long cacheSize, int keptVariants) {
  public LoraSettings {
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
