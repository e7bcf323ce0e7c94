package dev.latentq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latentq.worker.config.WorkerConfig.ModelSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsConfigTest {
  @TempDir Path dir;

  @Test
  void mapFormKeepsDeclarationOrder() {
    ConfigFixtures.modelFolder(dir, "models/zeta");
    ConfigFixtures.modelFolder(dir, "models/alpha");
    Path file = ConfigFixtures.write(dir, "latentq.yaml", "models:\n  zeta: models/zeta\n  alpha: models/alpha\n");

    WorkerConfig config = ConfigFixtures.loadFile(file, Map.of());

    assertThat(config.models()).containsExactly(new ModelSettings("zeta", dir.resolve("models/zeta"), false),
        new ModelSettings("alpha", dir.resolve("models/alpha"), false));
  }

  @Test
  void listFormEqualsMapForm() {
    ConfigFixtures.modelFolder(dir, "a");
    ConfigFixtures.modelFolder(dir, "b");
    Path map = ConfigFixtures.write(dir, "map.yaml", "models: {sd15: a, turbo: b}\n");
    Path list = ConfigFixtures.write(dir, "list.yaml", """
        models:
          - id: sd15
            folder: a
          - {id: turbo, folder: b}
        """);

    assertThat(ConfigFixtures.loadFile(list, Map.of()).models())
        .isEqualTo(ConfigFixtures.loadFile(map, Map.of()).models())
        .extracting(ModelSettings::id).containsExactly("sd15", "turbo");
  }

  @Test
  void aListedModelMayBePinnedAndModelsAreNotPinnedByDefault() {
    ConfigFixtures.modelFolder(dir, "a");
    ConfigFixtures.modelFolder(dir, "b");
    Path file = ConfigFixtures.write(dir, "latentq.yaml", """
        models:
          - {id: sd15, folder: a, pinned: true}
          - {id: turbo, folder: b}
        engine: {memoryBudget: 6GiB}
        """);

    WorkerConfig config = ConfigFixtures.loadFile(file, Map.of());

    assertThat(config.models()).extracting(ModelSettings::pinned).containsExactly(true, false);
    assertThat(config.engine().memoryBudget()).isEqualTo(6L << 30);
  }

  @Test
  void aPinnedFlagThatIsNotABooleanAndABadBudgetAreReported() {
    ConfigFixtures.modelFolder(dir, "a");
    Path file = ConfigFixtures.write(dir, "latentq.yaml", """
        models:
          - {id: sd15, folder: a, pinned: yes please}
        engine: {memoryBudget: 6 parsecs}
        """);

    assertThatThrownBy(() -> ConfigFixtures.loadFile(file, Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("models[0].pinned must be true or false")
        .hasMessageContaining("engine.memoryBudget");
  }

  @Test
  void relativeFoldersResolveAgainstTheConfigFilesDirectory() throws Exception {
    Path confDir = Files.createDirectories(dir.resolve("etc/latentq"));
    Path model = ConfigFixtures.modelFolder(dir, "models/sd15");
    Path file = ConfigFixtures.write(confDir, "latentq.yaml", "models: {sd15: ../../models/sd15}\n");

    WorkerConfig config = ConfigLoader.load(Optional.of(file), Map.of(), dir.resolve("elsewhere"));

    assertThat(config.models()).containsExactly(new ModelSettings("sd15", model, false));
    assertThat(config.models().getFirst().folder()).isAbsolute();
  }

  @Test
  void relativeFoldersFromTheEnvironmentResolveAgainstTheWorkingDirectory() {
    Path model = ConfigFixtures.modelFolder(dir, "work/models/sd15");
    Path confDir = dir.resolve("conf");
    Path file = ConfigFixtures.write(confDir, "latentq.yaml", "http: {port: 1}\n");

    WorkerConfig config = ConfigLoader.load(Optional.of(file), Map.of("LATENTQ_MODELS", "sd15=models/sd15"),
        dir.resolve("work"));

    assertThat(config.models()).containsExactly(new ModelSettings("sd15", model, false));
  }

  @Test
  void absoluteFoldersStayAsGiven() {
    Path model = ConfigFixtures.modelFolder(dir, "abs");
    Path file = ConfigFixtures.write(dir.resolve("conf"), "latentq.json",
        "{\"models\": {\"m\": \"" + model.toString().replace("\\", "\\\\") + "\"}}");

    assertThat(ConfigFixtures.loadFile(file, Map.of()).models()).containsExactly(new ModelSettings("m", model, false));
  }

  @Test
  void badIdsDuplicatesAndMissingFoldersAreAllReported() {
    ConfigFixtures.modelFolder(dir, "ok");
    Path noIndex = dir.resolve("no-index");
    noIndex.toFile().mkdirs();
    Path file = ConfigFixtures.write(dir, "latentq.yaml", """
        models:
          - {id: ok, folder: ok}
          - {id: ok, folder: ok}
          - {id: "bad id", folder: ok}
          - {id: gone, folder: missing}
          - {id: empty, folder: no-index}
          - {id: noFolder}
          - {id: typo, folder: ok, fodler: x}
        """);

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigFixtures.loadFile(file, Map.of()));

    String where = "(set in latentq.yaml or LATENTQ_MODELS)";
    assertThat(e.problems()).containsExactlyInAnyOrder(
        "models[1]: model id 'ok' is configured twice: keep one " + where,
        "models[2]: model id 'bad id' must be 1-128 characters of [A-Za-z0-9._-], other than '.' and '..' " + where,
        "models[5]: the folder is missing or not text: give the folder of the model's ONNX export " + where,
        "unknown key models[6].fodler in latentq.yaml: a model has only id, folder and pinned",
        "models.gone: folder " + dir.resolve("missing") + " does not exist or is not a directory: point it at the "
            + "model's ONNX export in the diffusers layout " + where,
        "models.empty: " + noIndex.resolve("model_index.json") + " is missing: " + noIndex + " is not a "
            + "diffusers-layout ONNX export (expected model_index.json, unet/, vae_decoder/, ...) " + where);
  }

  @Test
  void modelsVariableProblemsNameTheVariable() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
        Map.of("LATENTQ_MODELS", "sd15,x=" + dir.resolve("absent")), dir));

    assertThat(e.problems()).containsExactly(
        "LATENTQ_MODELS entry 'sd15' must be id=folder (from environment variable LATENTQ_MODELS)",
        "models.x: folder " + dir.resolve("absent") + " does not exist or is not a directory: point it at the "
            + "model's ONNX export in the diffusers layout (from environment variable LATENTQ_MODELS)");
  }

  @Test
  void emptyModelsAreRejected() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", "models: {}\n");

    assertThatThrownBy(() -> ConfigFixtures.loadFile(file, Map.of()))
        .hasMessage("invalid configuration: models is empty: the worker needs at least one model "
            + "(set in latentq.yaml or LATENTQ_MODELS)");
  }

  @Test
  void modelsMustBeAMapOrAList() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", "models: sd15\n");

    assertThatThrownBy(() -> ConfigFixtures.loadFile(file, Map.of()))
        .hasMessage("invalid configuration: models must be a mapping (id: folder) or a list of {id, folder} "
            + "(set in latentq.yaml or LATENTQ_MODELS)");
  }

  @Test
  void simulatedEngineDoesNotNeedModelFolders() {
    Path cost = ConfigFixtures.write(dir, "cost.json", "{}");

    WorkerConfig config = ConfigLoader.load(Optional.empty(), Map.of("LATENTQ_MODELS", "sd15=/nowhere/sd15",
        "LATENTQ_ENGINE_MODE", "simulated", "LATENTQ_ENGINE_COST_MODEL", cost.toString()), dir);

    assertThat(config.models()).extracting(ModelSettings::id).containsExactly("sd15");
  }

  @Test
  void acceptsTheRealFixtureModels() {
    Path fixtures = Path.of("../fixtures").toAbsolutePath().normalize();

    WorkerConfig config = ConfigLoader.load(Optional.empty(),
        Map.of("LATENTQ_MODELS", "sd15=../fixtures/tiny-sd15,sdxl=../fixtures/tiny-sdxl"),
        Path.of("").toAbsolutePath());

    assertThat(config.models()).containsExactly(new ModelSettings("sd15", fixtures.resolve("tiny-sd15"), false),
        new ModelSettings("sdxl", fixtures.resolve("tiny-sdxl"), false));
  }
}
