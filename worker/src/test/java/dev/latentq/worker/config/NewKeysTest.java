package dev.latentq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latentq.worker.config.WorkerConfig.LoraSettings;
import dev.latentq.worker.config.WorkerConfig.ModelSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** engine.memoryBudget, models[].pinned and the LoRA bucket and cache keys. */
class NewKeysTest {
  @TempDir Path dir;

  @Test
  void byDefaultThereIsNoMemoryBudgetNoPinnedModelAndNoLoraBucket() {
    WorkerConfig config = ConfigFixtures.loadEnv(dir);

    assertThat(config.engine().memoryBudget()).isZero();
    assertThat(config.models()).allSatisfy(model -> assertThat(model.pinned()).isFalse());
    LoraSettings loras = config.loras();
    assertThat(loras.bucket()).isNull();
    assertThat(loras.prefix()).isEmpty();
    assertThat(loras.cacheFolder()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "latentq-loras"));
    assertThat(loras.cacheSize()).isEqualTo(2L << 30);
    assertThat(loras.keptVariants()).isEqualTo(4);
  }

  @Test
  void theFileSetsEveryNewKey() {
    ConfigFixtures.modelFolder(dir, "a");
    ConfigFixtures.modelFolder(dir, "b");
    Path file = ConfigFixtures.write(dir, "latentq.yaml", """
        engine: {memoryBudget: 6GiB}
        models:
          - {id: sd15, folder: a, pinned: true}
          - {id: turbo, folder: b}
        loras: {bucket: lora-files, prefix: team-a/, cacheFolder: cache, cacheSize: 512MiB, keptVariants: 2}
        """);

    WorkerConfig config = ConfigFixtures.loadFile(file, Map.of());

    assertThat(config.engine().memoryBudget()).isEqualTo(6L << 30);
    assertThat(config.models()).containsExactly(new ModelSettings("sd15", dir.resolve("a"), true),
        new ModelSettings("turbo", dir.resolve("b"), false));
    assertThat(config.loras()).isEqualTo(new LoraSettings(null, 4, 2.0, "lora-files", "team-a/", dir.resolve("cache"),
        512L << 20, 2));
  }

  @Test
  void environmentBeatsTheFileForNewKeysToo() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", "engine: {memoryBudget: 6GiB}\nloras: {cacheSize: 1GiB}\n");

    WorkerConfig config = ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir,
        "LATENTQ_ENGINE_MEMORY_BUDGET", "1073741824", "LATENTQ_LORAS_CACHE_FOLDER", "lc"));

    assertThat(config.engine().memoryBudget()).isEqualTo(1L << 30);
    assertThat(config.loras().cacheSize()).isEqualTo(1L << 30);
    assertThat(config.loras().cacheFolder()).isEqualTo(dir.resolve("lc"));
  }

  @Test
  void badNewValuesNameTheKeyAndTheFix() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", """
        engine: {memoryBudget: lots}
        loras: {bucket: Bad_Bucket, keptVariants: 0}
        models:
          - {id: m, folder: m, pinned: maybe}
        """);
    ConfigFixtures.modelFolder(dir, "m");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigFixtures.loadFile(file, Map.of()));

    String where = "(set in latentq.yaml or ";
    assertThat(e.problems()).containsExactlyInAnyOrder(
        "engine.memoryBudget must be a byte size such as 512MiB, 6GiB or a plain number of bytes, got 'lots' " + where
            + "LATENTQ_ENGINE_MEMORY_BUDGET)",
        "loras.bucket must be an S3 bucket name: 3-63 lower-case letters, digits, '.' or '-', starting and ending "
            + "with a letter or digit, got 'Bad_Bucket' " + where + "LATENTQ_LORAS_BUCKET)",
        "loras.keptVariants must be >= 1, got 0 " + where + "LATENTQ_LORAS_KEPT_VARIANTS)",
        "models[0].pinned must be true or false, got maybe " + where + "LATENTQ_MODELS)");
  }

  @Test
  void aMisspelledNewVariableGetsASuggestion() {
    assertThatThrownBy(() -> ConfigFixtures.loadEnv(dir, "LATENTQ_LORAS_CACHE_SIZ", "1GiB"))
        .hasMessageContaining("unknown environment variable LATENTQ_LORAS_CACHE_SIZ: it sets no configuration key; "
            + "did you mean LATENTQ_LORAS_CACHE_SIZE?");
  }

  @Test
  void byteSizesTakeDecimalAndBinaryUnitsOrPlainBytes() {
    ValueParsers.ValueParser<Long> bytes = ValueParsers.byteSize();
    assertThat(bytes.parse("6GiB", dir)).isEqualTo(6L << 30);
    assertThat(bytes.parse("512 mib", dir)).isEqualTo(512L << 20);
    assertThat(bytes.parse("1.5GB", dir)).isEqualTo(1_500_000_000L);
    assertThat(bytes.parse("4096", dir)).isEqualTo(4096L);
    assertThatThrownBy(() -> bytes.parse("-1GiB", dir)).hasMessage(ValueParsers.BYTES);
    assertThatThrownBy(() -> bytes.parse("9999999TiB", dir)).hasMessageContaining("at most");
  }
}
