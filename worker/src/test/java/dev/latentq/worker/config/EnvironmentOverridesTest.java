package dev.latentq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latentq.engine.model.ExecutionProvider;
import dev.latentq.worker.config.WorkerConfig.ModelSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvironmentOverridesTest {
  @TempDir Path dir;

  @Test
  void issueVariablesSetTheirKeys() {
    WorkerConfig config = ConfigFixtures.loadEnv(dir,
        "LATENTQ_KAFKA_BOOTSTRAP", "broker:29092",
        "LATENTQ_GROUP_ID", "gpu-workers",
        "LATENTQ_JOBS_TOPIC", "my.jobs",
        "LATENTQ_EVENTS_TOPIC", "my.events",
        "LATENTQ_S3_ENDPOINT", "http://minio:9000",
        "LATENTQ_S3_ACCESS_KEY", "access",
        "LATENTQ_S3_SECRET_KEY", "secret",
        "LATENTQ_S3_BUCKET", "out-bucket",
        "LATENTQ_HTTP_PORT", "18080",
        "LATENTQ_MAX_BATCH", "3");

    assertThat(config.kafka().bootstrapServers()).isEqualTo("broker:29092");
    assertThat(config.kafka().groupId()).isEqualTo("gpu-workers");
    assertThat(config.kafka().topics().jobs()).isEqualTo("my.jobs");
    assertThat(config.kafka().topics().events()).isEqualTo("my.events");
    assertThat(config.storage().endpoint()).isEqualTo("http://minio:9000");
    assertThat(config.storage().accessKey()).isEqualTo("access");
    assertThat(config.storage().secretKey()).isEqualTo("secret");
    assertThat(config.storage().bucket()).isEqualTo("out-bucket");
    assertThat(config.http().port()).isEqualTo(18080);
    assertThat(config.engine().maxBatch()).isEqualTo(3);
  }

  @Test
  void modelsVariableListsIdEqualsFolderPairs() {
    Path a = ConfigFixtures.modelFolder(dir, "a");
    Path b = ConfigFixtures.modelFolder(dir, "b");

    WorkerConfig config = ConfigLoader.load(java.util.Optional.empty(),
        Map.of("LATENTQ_MODELS", " sd15=" + a + " , turbo=" + b + ","), dir);

    assertThat(config.models()).containsExactly(new ModelSettings("sd15", a, false),
        new ModelSettings("turbo", b, false));
  }

  static Stream<Arguments> genericVariables() {
    return Stream.of(
        Arguments.of("LATENTQ_WORKER_ID", "w-9", (Function<WorkerConfig, Object>) WorkerConfig::workerId, "w-9"),
        Arguments.of("LATENTQ_KAFKA_BOOTSTRAP_SERVERS", "k:1", f(c -> c.kafka().bootstrapServers()), "k:1"),
        Arguments.of("LATENTQ_KAFKA_GROUP_ID", "g2", f(c -> c.kafka().groupId()), "g2"),
        Arguments.of("LATENTQ_KAFKA_GROUP_PROTOCOL", "CLASSIC", f(c -> c.kafka().groupProtocol()), "classic"),
        Arguments.of("LATENTQ_KAFKA_COMMIT_INTERVAL", "5s", f(c -> c.kafka().commitInterval()),
            Duration.ofSeconds(5)),
        Arguments.of("LATENTQ_KAFKA_TOPICS_JOBS", "tj", f(c -> c.kafka().topics().jobs()), "tj"),
        Arguments.of("LATENTQ_KAFKA_TOPICS_EVENTS", "te", f(c -> c.kafka().topics().events()), "te"),
        Arguments.of("LATENTQ_KAFKA_TOPICS_CONTROL", "tc", f(c -> c.kafka().topics().control()), "tc"),
        Arguments.of("LATENTQ_KAFKA_TOPICS_DEAD_LETTER", "td", f(c -> c.kafka().topics().deadLetter()), "td"),
        Arguments.of("LATENTQ_STORAGE_ENDPOINT", "https://s3", f(c -> c.storage().endpoint()), "https://s3"),
        Arguments.of("LATENTQ_STORAGE_REGION", "eu-central-1", f(c -> c.storage().region()), "eu-central-1"),
        Arguments.of("LATENTQ_STORAGE_BUCKET", "bkt", f(c -> c.storage().bucket()), "bkt"),
        Arguments.of("LATENTQ_STORAGE_KEY_PREFIX", "png/", f(c -> c.storage().keyPrefix()), "png/"),
        Arguments.of("LATENTQ_STORAGE_CREATE_BUCKET", "false", f(c -> c.storage().createBucket()), false),
        Arguments.of("LATENTQ_STORAGE_RETRY_BUDGET", "1m30s", f(c -> c.storage().retryBudget()),
            Duration.ofSeconds(90)),
        Arguments.of("LATENTQ_ENGINE_PROVIDER", "tensorrt", f(c -> c.engine().provider()),
            ExecutionProvider.TENSORRT),
        Arguments.of("LATENTQ_ENGINE_DEVICE_ID", "2", f(c -> c.engine().deviceId()), 2),
        Arguments.of("LATENTQ_ENGINE_INTRA_OP_THREADS", "6", f(c -> c.engine().intraOpThreads()), 6),
        Arguments.of("LATENTQ_ENGINE_MAX_BATCH", "5", f(c -> c.engine().maxBatch()), 5),
        Arguments.of("LATENTQ_ENGINE_MAX_QUEUED_JOBS", "7", f(c -> c.engine().maxQueuedJobs()), 7),
        Arguments.of("LATENTQ_LIMITS_MAX_STEPS", "40", f(c -> c.limits().maxSteps()), 40),
        Arguments.of("LATENTQ_LIMITS_MAX_IMAGES", "2", f(c -> c.limits().maxImages()), 2),
        Arguments.of("LATENTQ_LIMITS_MAX_SIDE", "768", f(c -> c.limits().maxSide()), 768),
        Arguments.of("LATENTQ_LIMITS_MAX_PIXELS", "589824", f(c -> c.limits().maxPixels()), 589_824L),
        Arguments.of("LATENTQ_DEFAULTS_STRENGTH", "0.25", f(c -> c.defaults().strength()), 0.25),
        Arguments.of("LATENTQ_DEFAULTS_PROGRESS_INTERVAL", "500ms", f(c -> c.defaults().progressInterval()),
            Duration.ofMillis(500)),
        Arguments.of("LATENTQ_HTTP_HOST", "127.0.0.1", f(c -> c.http().host()), "127.0.0.1"),
        Arguments.of("LATENTQ_HTTP_PORT", "0", f(c -> c.http().port()), 0),
        Arguments.of("LATENTQ_DRAIN_TIMEOUT", "PT5M", f(WorkerConfig::drainTimeout), Duration.ofMinutes(5)));
  }

  private static Function<WorkerConfig, Object> f(Function<WorkerConfig, Object> getter) {
    return getter;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("genericVariables")
  void everyKeyIsSetByLatentqAndItsPathInUpperSnakeCase(String variable, String value,
      Function<WorkerConfig, Object> getter, Object expected) {
    WorkerConfig config = ConfigFixtures.loadEnv(dir, variable, value);

    assertThat(getter.apply(config)).isEqualTo(expected);
  }

  @Test
  void everyScalarKeyHasAGenericVariableThatSetsIt() {
    assertThat(ConfigSources.DEFAULTS.keySet()).allSatisfy(key ->
        assertThat(ConfigSources.pathOf(ConfigSources.genericEnvName(key))).isEqualTo(key));
    assertThat(ConfigSources.genericEnvName("kafka.groupProtocol")).isEqualTo("LATENTQ_KAFKA_GROUP_PROTOCOL");
    assertThat(ConfigSources.genericEnvName("engine.maxQueuedJobs")).isEqualTo("LATENTQ_ENGINE_MAX_QUEUED_JOBS");
    assertThat(ConfigSources.genericEnvName("kafka.topics.control")).isEqualTo("LATENTQ_KAFKA_TOPICS_CONTROL");
    assertThat(ConfigSources.genericEnvName("drainTimeout")).isEqualTo("LATENTQ_DRAIN_TIMEOUT");
  }

  @Test
  void costModelAndEngineModeHaveGenericVariablesToo() {
    WorkerConfig config = ConfigFixtures.loadEnv(dir, "LATENTQ_ENGINE_MODE", "Simulated",
        "LATENTQ_ENGINE_COST_MODEL", "h100-sd15-eager");

    assertThat(config.engine().simulated()).isTrue();
    assertThat(config.engine().costModel()).isEqualTo("h100-sd15-eager");
  }

  @Test
  void kafkaPropertiesPassThroughLowerCasedWithDots() {
    WorkerConfig config = ConfigFixtures.loadEnv(dir,
        "LATENTQ_KAFKA_PROPERTY_SECURITY_PROTOCOL", "SASL_SSL",
        "LATENTQ_KAFKA_PROPERTY_SASL_JAAS_CONFIG", "ScramLoginModule required username=\"u\" password=\"p\";",
        "LATENTQ_KAFKA_PROPERTY_SASL_MECHANISM", "SCRAM-SHA-512");

    assertThat(config.kafka().properties()).containsOnly(
        Map.entry("security.protocol", "SASL_SSL"),
        Map.entry("sasl.jaas.config", "ScramLoginModule required username=\"u\" password=\"p\";"),
        Map.entry("sasl.mechanism", "SCRAM-SHA-512"));
  }

  @Test
  void environmentPropertiesMergeWithFilePropertiesAndWin() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", """
        kafka:
          properties:
            security.protocol: SSL
            ssl.endpoint.identification.algorithm: https
        """);

    WorkerConfig config = ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir,
        "LATENTQ_KAFKA_PROPERTY_SECURITY_PROTOCOL", "SASL_SSL"));

    assertThat(config.kafka().properties()).containsOnly(
        Map.entry("security.protocol", "SASL_SSL"),
        Map.entry("ssl.endpoint.identification.algorithm", "https"));
  }

  @Test
  void environmentBeatsFileAndFileBeatsDefaults() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", """
        engine: {maxBatch: 4, maxQueuedJobs: 10}
        storage: {bucket: from-file}
        """);

    WorkerConfig config = ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir,
        "LATENTQ_MAX_BATCH", "2", "LATENTQ_STORAGE_BUCKET", "from-env"));

    assertThat(config.engine().maxBatch()).isEqualTo(2);
    assertThat(config.storage().bucket()).isEqualTo("from-env");
    assertThat(config.engine().maxQueuedJobs()).isEqualTo(10);
    assertThat(config.engine().intraOpThreads()).isZero();
  }

  @Test
  void modelsVariableReplacesTheFileModels() {
    ConfigFixtures.modelFolder(dir, "file-model");
    Path envModel = ConfigFixtures.modelFolder(dir, "env-model");
    Path file = ConfigFixtures.write(dir, "latentq.yaml", "models: {a: file-model, b: file-model}\n");

    WorkerConfig config = ConfigFixtures.loadFile(file, Map.of("LATENTQ_MODELS", "c=" + envModel));

    assertThat(config.models()).containsExactly(new ModelSettings("c", envModel, false));
  }

  @Test
  void aliasAndGenericVariableAgreeingIsFine() {
    WorkerConfig config = ConfigFixtures.loadEnv(dir,
        "LATENTQ_KAFKA_BOOTSTRAP", "k:1", "LATENTQ_KAFKA_BOOTSTRAP_SERVERS", "k:1");

    assertThat(config.kafka().bootstrapServers()).isEqualTo("k:1");
  }

  @Test
  void aliasAndGenericVariableDisagreeingIsAnError() {
    assertThatThrownBy(() -> ConfigFixtures.loadEnv(dir,
        "LATENTQ_KAFKA_BOOTSTRAP", "k:1", "LATENTQ_KAFKA_BOOTSTRAP_SERVERS", "k:2"))
        .hasMessageContaining("LATENTQ_KAFKA_BOOTSTRAP and LATENTQ_KAFKA_BOOTSTRAP_SERVERS both set "
            + "kafka.bootstrapServers but differ: keep only one of them");
  }

  @Test
  void blankVariablesCountAsUnset() {
    WorkerConfig config = ConfigFixtures.loadEnv(dir, "LATENTQ_S3_ACCESS_KEY", "", "LATENTQ_MAX_BATCH", "  ");

    assertThat(config.storage().accessKey()).isNull();
    assertThat(config.engine().maxBatch()).isEqualTo(8);
  }

  @Test
  void unknownLatentqVariablesFailWithCloseMatches() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigFixtures.loadEnv(dir,
        "LATENTQ_ENGINE_MAX_BACTH", "4", "LATENTQ_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SSL"));

    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0))
        .startsWith("unknown environment variable LATENTQ_ENGINE_MAX_BACTH: it sets no configuration key; "
            + "did you mean LATENTQ_ENGINE_MAX_BATCH?");
    assertThat(e.problems().get(1))
        .startsWith("unknown environment variable LATENTQ_KAFKA_PROPERTIES_SECURITY_PROTOCOL")
        .contains("LATENTQ_KAFKA_PROPERTY_<NAME>");
  }

  @Test
  void variablesOfOtherLatentqToolsAndOtherPrefixesAreIgnored() {
    WorkerConfig config = ConfigFixtures.loadEnv(dir,
        "LATENTQ_LOG_LEVEL", "DEBUG",
        "LATENTQ_JAVA_OPTS", "-Xmx8g",
        "LATENTQ_DEVSTACK_LIB", "/opt/lib",
        "LATENTQ_DEVSTACK_READY", "true",
        "LATENTQ_KAFKA_PID", "123",
        "LATENTQ_S3_PID", "",
        "PATH", "/usr/bin",
        "KAFKA_HEAP_OPTS", "-Xmx1g");

    assertThat(config.engine().maxBatch()).isEqualTo(8);
  }
}
