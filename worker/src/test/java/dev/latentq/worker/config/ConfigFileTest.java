package dev.latentq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latentq.engine.batching.SchedulingOptions;
import dev.latentq.engine.model.ExecutionProvider;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.protocol.Topics;
import dev.latentq.worker.config.WorkerConfig.EngineSettings;
import dev.latentq.worker.config.WorkerConfig.HttpSettings;
import dev.latentq.worker.config.WorkerConfig.JobDefaults;
import dev.latentq.worker.config.WorkerConfig.JobLimits;
import dev.latentq.worker.config.WorkerConfig.KafkaSettings;
import dev.latentq.worker.config.WorkerConfig.ModelSettings;
import dev.latentq.worker.config.WorkerConfig.StorageSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir Path dir;

  @Test
  void readsEveryKeyFromYaml() {
    ConfigFixtures.modelFolder(dir, "sd15");
    ConfigFixtures.write(dir, "cost.json", "{}");
    Path file = ConfigFixtures.write(dir, "latentq.yaml", """
        workerId: gpu-1
        kafka:
          bootstrapServers: k1:9092,k2:9093
          groupId: g
          topics: {jobs: j, events: e, control: c, deadLetter: d}
          groupProtocol: classic
          commitInterval: 250ms
          properties:
            security.protocol: SASL_SSL
            sasl:
              mechanism: PLAIN
        storage:
          endpoint: https://s3.example.com
          accessKey: AK
          secretKey: SK
          region: eu-west-3
          bucket: my-images
          keyPrefix: out/
          createBucket: false
          retryBudget: PT30S
        models:
          sd15: sd15
        engine:
          mode: simulated
          provider: cuda
          deviceId: 1
          intraOpThreads: 4
          maxBatch: 16
          maxQueuedJobs: 64
          costModel: cost.json
        limits: {maxSteps: 50, maxImages: 4, maxSide: 1024, maxPixels: 1048576, maxPromptChunks: 3,
          maxInitImagePixels: 9000000}
        defaults: {strength: 0.5, progressInterval: 2s, promptSyntax: A1111}
        http: {host: 127.0.0.1, port: 9090}
        drainTimeout: 2m
        """);

    WorkerConfig config = ConfigFixtures.loadFile(file, Map.of());

    assertThat(config.workerId()).isEqualTo("gpu-1");
    assertThat(config.kafka()).isEqualTo(new KafkaSettings("k1:9092,k2:9093", "g", new Topics("j", "e", "c", "d"),
        "classic", Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"), Duration.ofMillis(250)));
    assertThat(config.kafka().classicProtocol()).isTrue();
    assertThat(config.storage()).isEqualTo(new StorageSettings("https://s3.example.com", "AK", "SK", "eu-west-3",
        "my-images", "out/", false, Duration.ofSeconds(30), Set.of(), Set.of()));
    assertThat(config.models()).containsExactly(new ModelSettings("sd15", dir.resolve("sd15"), false));
    assertThat(config.engine()).isEqualTo(new EngineSettings("simulated", ExecutionProvider.CUDA, 1, 4, 16, 64,
        "cost.json", "", SchedulingOptions.DEFAULTS, 0));
    assertThat(config.limits()).isEqualTo(new JobLimits(50, 4, 1024, 1_048_576, 3, 9_000_000L));
    assertThat(config.defaults()).isEqualTo(new JobDefaults(0.5, Duration.ofSeconds(2), PromptSyntax.A1111));
    assertThat(config.http()).isEqualTo(new HttpSettings("127.0.0.1", 9090));
    assertThat(config.drainTimeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void readsJson() {
    ConfigFixtures.modelFolder(dir, "sd15");
    Path file = ConfigFixtures.write(dir, "latentq.json", """
        {"kafka": {"groupId": "json-group", "topics": {"control": "ctl"}},
         "engine": {"maxBatch": 2},
         "models": [{"id": "sd15", "folder": "sd15"}]}
        """);

    WorkerConfig config = ConfigFixtures.loadFile(file, Map.of());

    assertThat(config.kafka().groupId()).isEqualTo("json-group");
    assertThat(config.kafka().topics()).isEqualTo(new Topics("latentq.jobs", "latentq.events", "ctl",
        "latentq.jobs.dlq"));
    assertThat(config.engine().maxBatch()).isEqualTo(2);
    assertThat(config.models()).containsExactly(new ModelSettings("sd15", dir.resolve("sd15"), false));
  }

  @Test
  void ymlExtensionAndUpperCaseExtensionAreYaml() {
    ConfigFixtures.modelFolder(dir, "m");
    Path yml = ConfigFixtures.write(dir, "a.yml", "models: {m: m}\nhttp: {port: 1}\n");
    Path upper = ConfigFixtures.write(dir, "b.YAML", "models: {m: m}\nhttp: {port: 2}\n");

    assertThat(ConfigFixtures.loadFile(yml, Map.of()).http().port()).isEqualTo(1);
    assertThat(ConfigFixtures.loadFile(upper, Map.of()).http().port()).isEqualTo(2);
  }

  @Test
  void emptyFileAndNullValuesMeanDefaults() {
    Path empty = ConfigFixtures.write(dir, "empty.yaml", "");
    Path nulls = ConfigFixtures.write(dir, "nulls.yaml", "engine:\n  maxBatch:\nstorage: ~\n");
    Map<String, String> env = ConfigFixtures.envWithModel(dir);

    assertThat(ConfigFixtures.loadFile(empty, env).engine().maxBatch()).isEqualTo(8);
    assertThat(ConfigFixtures.loadFile(nulls, env).engine().maxBatch()).isEqualTo(8);
    assertThat(ConfigFixtures.loadFile(nulls, env).storage().bucket()).isEqualTo("latentq-images");
  }

  @Test
  void unknownKeysAreErrorsWithTheirPathAndASuggestion() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", """
        engine:
          maxBacth: 4
        kafka:
          topics:
            dlq: x
          bucket: b
        colour: blue
        """);

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir)));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "unknown key engine.maxBacth in latentq.yaml; did you mean engine.maxBatch? (remove it or fix its spelling;"
            + " see latentq-example.yaml)",
        "unknown key kafka.topics.dlq in latentq.yaml (remove it or fix its spelling; see latentq-example.yaml)",
        // loras.bucket is a key too since the LoRA bucket arrived, so both are offered.
        "unknown key kafka.bucket in latentq.yaml; did you mean loras.bucket or storage.bucket? (remove it or fix"
            + " its spelling; see latentq-example.yaml)",
        "unknown key colour in latentq.yaml (remove it or fix its spelling; see latentq-example.yaml)");
  }

  @Test
  void keysAreCaseSensitiveButTheSuggestionFindsTheRightSpelling() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", "engine: {maxbatch: 4}\n");

    assertThatThrownBy(() -> ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir)))
        .hasMessageContaining("unknown key engine.maxbatch in latentq.yaml; did you mean engine.maxBatch?");
  }

  @Test
  void bucketGrantsAreListsInTheFileAndCommaSeparatedInTheEnvironment() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", """
        storage:
          bucket: images
          outputBuckets: [shared-out, team-b]
          inputBuckets: [uploads]
        """);

    WorkerConfig fromFile = ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir));
    WorkerConfig fromEnv = ConfigLoader.load(Optional.empty(), ConfigFixtures.envWithModel(dir,
        "LATENTQ_STORAGE_OUTPUT_BUCKETS", "shared-out, team-b", "LATENTQ_STORAGE_INPUT_BUCKETS", "uploads"), dir);

    assertThat(fromFile.storage().writableBuckets()).containsExactly("images", "shared-out", "team-b");
    assertThat(fromFile.storage().inputBuckets()).containsExactly("uploads");
    assertThat(fromEnv.storage().outputBuckets()).isEqualTo(fromFile.storage().outputBuckets());
    assertThat(fromEnv.storage().inputBuckets()).isEqualTo(fromFile.storage().inputBuckets());
  }

  @Test
  void byDefaultJobsWriteOnlyToTheDefaultBucketAndReadNoBucket() {
    WorkerConfig config = ConfigLoader.load(Optional.empty(), ConfigFixtures.envWithModel(dir), dir);

    assertThat(config.storage().writableBuckets()).containsExactly("latentq-images");
    assertThat(config.storage().inputBuckets()).isEmpty();
  }

  @Test
  void sectionAndValueShapesAreChecked() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", """
        kafka: localhost:9092
        engine:
          maxBatch: [1, 2]
        """);

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir)));

    assertThat(e.problems()).containsExactly(
        "kafka in latentq.yaml must be a mapping of keys, got a string",
        "engine.maxBatch must be a single value, got a list (set in latentq.yaml or LATENTQ_MAX_BATCH)");
  }

  @Test
  void duplicateKeysAreRejected() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", "http:\n  port: 1\n  port: 2\n");

    assertThatThrownBy(() -> ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir)))
        .hasMessageContaining("cannot parse " + file)
        .hasMessageContaining("line 3")
        .hasMessageContaining("port");
  }

  @Test
  void syntaxErrorsNameTheFileAndLine() {
    Path file = ConfigFixtures.write(dir, "latentq.json", "{\"http\": {\"port\": 1,}}");

    assertThatThrownBy(() -> ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir)))
        .hasMessageContaining("cannot parse " + file + " at line 1");
  }

  @Test
  void missingFileAndUnknownExtensionAreErrors() {
    Path missing = dir.resolve("nope.yaml");
    Path toml = ConfigFixtures.write(dir, "latentq.toml", "");

    assertThatThrownBy(() -> ConfigFixtures.loadFile(missing, ConfigFixtures.envWithModel(dir)))
        .hasMessageContaining("config file " + missing + " does not exist");
    assertThatThrownBy(() -> ConfigFixtures.loadFile(toml, ConfigFixtures.envWithModel(dir)))
        .hasMessageContaining("name it *.yaml, *.yml or *.json");
  }

  @Test
  void rootMustBeAMapping() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", "- a\n- b\n");

    assertThatThrownBy(() -> ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir)))
        .hasMessageContaining("must hold a mapping of keys");
  }

  @Test
  void shippedExampleDocumentsTheDefaults() {
    Path example = Path.of("src/main/resources/latentq-example.yaml");
    Map<String, String> env = ConfigFixtures.envWithModel(dir, "HOSTNAME", "h");

    WorkerConfig fromExample = ConfigLoader.load(Optional.of(example), env, dir);
    WorkerConfig fromDefaults = ConfigLoader.load(Optional.empty(), env, dir);

    assertThat(fromExample).isEqualTo(fromDefaults);
  }

  @Test
  void shippedExampleDeclaresAModelRelativeToItsDirectory() {
    Path example = Path.of("src/main/resources/latentq-example.yaml");

    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(example), Map.of(), dir))
        .hasMessageContaining("models.sd15: folder " + example.toAbsolutePath().getParent()
            .resolve("models/stable-diffusion-v1-5") + " does not exist");
  }
}
