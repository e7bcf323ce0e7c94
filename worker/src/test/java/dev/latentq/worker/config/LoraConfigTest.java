package dev.latentq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.worker.config.WorkerConfig.LoraSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loras.* keys: no LoRA folder or bucket by default, overridable from the environment, a folder that must exist,
 * cache sizes with units.
 */
class LoraConfigTest {
  @TempDir Path dir;

  @Test
  void byDefaultTheWorkerServesNoLorasAndAllowsFourPerJobUpToScaleTwo() {
    assertThat(ConfigFixtures.loadEnv(dir).loras())
        .isEqualTo(new LoraSettings(null, 4, 2.0, null, "", null, 2L << 30, 4));
  }

  @Test
  void theEnvironmentSetsTheFolderAndLimits() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("loras"));
    LoraSettings loras = ConfigFixtures.loadEnv(dir, "LATENTQ_LORAS_FOLDER", folder.toString(),
        "LATENTQ_LORAS_MAX_PER_JOB", "2", "LATENTQ_LORAS_MAX_SCALE", "1.5").loras();
    assertThat(loras).isEqualTo(new LoraSettings(folder, 2, 1.5, null, "", null, 2L << 30, 4));
  }

  @Test
  void aFolderThatDoesNotExistIsAConfigurationError() {
    assertThatThrownBy(() -> ConfigFixtures.loadEnv(dir, "LATENTQ_LORAS_FOLDER", dir.resolve("missing").toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("loras.folder")
        .hasMessageContaining("not a directory");
  }

  @Test
  void theEnvironmentSetsTheBucketAndItsCache() {
    Path cache = dir.resolve("cache");
    LoraSettings loras = ConfigFixtures.loadEnv(dir, "LATENTQ_LORAS_BUCKET", "team-loras", "LATENTQ_LORAS_PREFIX",
        "sd15/", "LATENTQ_LORAS_CACHE_FOLDER", cache.toString(), "LATENTQ_LORAS_CACHE_SIZE", "512MiB",
        "LATENTQ_LORAS_KEPT_VARIANTS", "2").loras();
    assertThat(loras.bucket()).isEqualTo("team-loras");
    assertThat(loras.prefix()).isEqualTo("sd15/");
    assertThat(loras.cacheFolder()).isEqualTo(cache);
    assertThat(loras.cacheSize()).isEqualTo(512L * 1024 * 1024);
    assertThat(loras.keptVariants()).isEqualTo(2);
    assertThat(loras.folder()).isNull();
  }

  @Test
  void byDefaultTheCacheHoldsTwoGibibytesInTheTempFolderAndFourVariantsStayBuilt() {
    LoraSettings loras = ConfigFixtures.loadEnv(dir).loras();
    assertThat(loras.bucket()).isNull();
    assertThat(loras.prefix()).isEmpty();
    assertThat(loras.cacheFolder().getParent())
        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize());
    assertThat(loras.cacheSize()).isEqualTo(2L * 1024 * 1024 * 1024);
    assertThat(loras.keptVariants()).isEqualTo(4);
  }

  @Test
  void cacheSizesTakeDecimalAndBinaryUnits() {
    assertThat(ConfigFixtures.loadEnv(dir, "LATENTQ_LORAS_CACHE_SIZE", "1.5GB").loras().cacheSize())
        .isEqualTo(1_500_000_000L);
    assertThat(ConfigFixtures.loadEnv(dir, "LATENTQ_LORAS_CACHE_SIZE", "64 kib").loras().cacheSize())
        .isEqualTo(64L * 1024);
    assertThat(ConfigFixtures.loadEnv(dir, "LATENTQ_LORAS_CACHE_SIZE", "1000").loras().cacheSize()).isEqualTo(1000);
    assertThatThrownBy(() -> ConfigFixtures.loadEnv(dir, "LATENTQ_LORAS_CACHE_SIZE", "two gigs"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("loras.cacheSize")
        .hasMessageContaining("a byte size such as 512MiB");
  }

  @Test
  void aBucketNameOrPrefixThatS3CannotHoldIsAConfigurationError() {
    assertThatThrownBy(() -> ConfigFixtures.loadEnv(dir, "LATENTQ_LORAS_BUCKET", "Team_LoRAs"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("loras.bucket");
    assertThatThrownBy(() -> ConfigFixtures.loadEnv(dir, "LATENTQ_LORAS_PREFIX", "../loras/"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("loras.prefix");
  }

  @Test
  void theCacheCannotBeTheLoraFolderWhoseFilesItWouldDelete() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("loras"));
    assertThatThrownBy(() -> ConfigFixtures.loadEnv(dir, "LATENTQ_LORAS_FOLDER", folder.toString(),
        "LATENTQ_LORAS_CACHE_FOLDER", folder.toString()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("loras.cacheFolder");
  }
}
