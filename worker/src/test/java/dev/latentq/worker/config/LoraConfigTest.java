package dev.latentq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loras.* keys: no LoRA folder by default, overridable from the environment, a folder that must exist. */
class LoraConfigTest {
  @TempDir Path dir;

  @Test
  void byDefaultTheWorkerServesNoLorasAndAllowsFourPerJobUpToScaleTwo() {
    assertThat(ConfigFixtures.loadEnv(dir).loras()).isEqualTo(new LoraSettings(null, 4, 2.0));
  }

  @Test
  void theEnvironmentSetsTheFolderAndLimits() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("loras"));
    LoraSettings loras = ConfigFixtures.loadEnv(dir, "LATENTQ_LORAS_FOLDER", folder.toString(),
        "LATENTQ_LORAS_MAX_PER_JOB", "2", "LATENTQ_LORAS_MAX_SCALE", "1.5").loras();
    assertThat(loras).isEqualTo(new LoraSettings(folder, 2, 1.5));
  }

  @Test
  void aFolderThatDoesNotExistIsAConfigurationError() {
    assertThatThrownBy(() -> ConfigFixtures.loadEnv(dir, "LATENTQ_LORAS_FOLDER", dir.resolve("missing").toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("loras.folder")
        .hasMessageContaining("not a directory");
  }
}
