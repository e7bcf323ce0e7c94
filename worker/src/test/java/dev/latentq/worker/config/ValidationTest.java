package dev.latentq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationTest {
  @TempDir Path dir;

  @Test
  void messageNamesKeyValueFileAndVariable() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", "engine: {maxBatch: 0}\n");

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir)));

    assertThat(e.problems())
        .containsExactly("engine.maxBatch must be >= 1, got 0 (set in latentq.yaml or LATENTQ_MAX_BATCH)");
    assertThat(e).hasMessage("invalid configuration: " + e.problems().getFirst());
  }

  @Test
  void valueFromTheEnvironmentNamesTheVariableThatSetIt() {
    assertThatThrownBy(() -> ConfigFixtures.loadEnv(dir, "LATENTQ_ENGINE_MAX_QUEUED_JOBS", "zero"))
        .hasMessage("invalid configuration: engine.maxQueuedJobs must be a whole number, got 'zero' "
            + "(from environment variable LATENTQ_ENGINE_MAX_QUEUED_JOBS)");
  }

  @Test
  void withoutFileTheMessageSaysConfigFile() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), dir))
        .hasMessage("invalid configuration: no models configured: the worker needs at least one; add `models:` "
            + "(id: folder) to the config file or set LATENTQ_MODELS=id=folder[,id=folder]");
  }

  @Test
  void everyProblemIsReportedInOneException() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", """
        workerId: "no spaces allowed"
        kafka:
          bootstrapServers: localhost
          groupProtocol: eager
          commitInterval: 0s
          topics: {jobs: "bad topic!", events: latentq.jobs}
          properties: {group.id: other}
        storage:
          endpoint: ftp://files
          bucket: Upper_Case
          keyPrefix: /abs
          createBucket: maybe
          retryBudget: -1s
          accessKey: only-the-access-key
        engine:
          mode: turbo
          provider: metal
          deviceId: -1
          intraOpThreads: -2
          maxBatch: 0
          maxQueuedJobs: 0
        limits: {maxSteps: 0, maxImages: 0, maxSide: 32, maxPixels: 100}
        defaults: {strength: 1.5, progressInterval: 1}
        http: {host: " ", port: 70000}
        drainTimeout: forever
        """);

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir)));

    String where = "(set in latentq.yaml or ";
    assertThat(e.problems()).containsExactlyInAnyOrder(
        "workerId must be 1-128 characters of [A-Za-z0-9._-], other than '.' and '..', got 'no spaces allowed' " + where + "LATENTQ_WORKER_ID)",
        "kafka.bootstrapServers must be host:port[,host:port] with ports 1-65535, got 'localhost' " + where
            + "LATENTQ_KAFKA_BOOTSTRAP)",
        "kafka.groupProtocol must be one of consumer, classic, got 'eager' " + where
            + "LATENTQ_KAFKA_GROUP_PROTOCOL)",
        "kafka.commitInterval must be at least 1ms, got '0s' " + where + "LATENTQ_KAFKA_COMMIT_INTERVAL)",
        "kafka.topics.jobs must be a Kafka topic name: 1-249 characters of [A-Za-z0-9._-], got 'bad topic!' "
            + where + "LATENTQ_JOBS_TOPIC)",
        "kafka.topics.events is 'latentq.jobs', the same as another topic: each role needs its own topic "
            + where + "LATENTQ_EVENTS_TOPIC)",
        "kafka.properties.group.id duplicates kafka.groupId: set kafka.groupId (or LATENTQ_GROUP_ID) instead "
            + where + "LATENTQ_KAFKA_PROPERTY_GROUP_ID)",
        "storage.endpoint must be an http(s) URL such as http://localhost:9000, got 'ftp://files' " + where
            + "LATENTQ_S3_ENDPOINT)",
        "storage.bucket must be an S3 bucket name: 3-63 lower-case letters, digits, '.' or '-', starting and "
            + "ending with a letter or digit, got 'Upper_Case' " + where + "LATENTQ_S3_BUCKET)",
        "storage.keyPrefix must be at most 512 characters, not start with '/' and not contain '\\', control "
            + "characters, a '.' or '..' segment or a segment over 255 bytes, "
            + "got '/abs' " + where + "LATENTQ_STORAGE_KEY_PREFIX)",
        "storage.createBucket must be true or false, got 'maybe' " + where + "LATENTQ_STORAGE_CREATE_BUCKET)",
        "storage.retryBudget must not be negative, got '-1s' " + where + "LATENTQ_STORAGE_RETRY_BUDGET)",
        "storage.accessKey is set but storage.secretKey is not: set both (or neither, for anonymous access) "
            + where + "LATENTQ_S3_SECRET_KEY)",
        "engine.mode must be one of onnx, simulated, got 'turbo' " + where + "LATENTQ_ENGINE_MODE)",
        "engine.provider must be one of cpu, cuda, tensorrt, got 'metal' " + where + "LATENTQ_ENGINE_PROVIDER)",
        "engine.deviceId must be >= 0, got -1 " + where + "LATENTQ_ENGINE_DEVICE_ID)",
        "engine.intraOpThreads must be >= 0, got -2 " + where + "LATENTQ_ENGINE_INTRA_OP_THREADS)",
        "engine.maxBatch must be >= 1, got 0 " + where + "LATENTQ_MAX_BATCH)",
        "engine.maxQueuedJobs must be >= 1, got 0 " + where + "LATENTQ_ENGINE_MAX_QUEUED_JOBS)",
        "limits.maxSteps must be >= 1, got 0 " + where + "LATENTQ_LIMITS_MAX_STEPS)",
        "limits.maxImages must be >= 1, got 0 " + where + "LATENTQ_LIMITS_MAX_IMAGES)",
        "limits.maxSide must be >= 64, got 32 " + where + "LATENTQ_LIMITS_MAX_SIDE)",
        "limits.maxPixels must be >= 4096, got 100 " + where + "LATENTQ_LIMITS_MAX_PIXELS)",
        "defaults.strength must be > 0 and <= 1, got 1.5 " + where + "LATENTQ_DEFAULTS_STRENGTH)",
        "defaults.progressInterval must be a duration such as 500ms, 30s, 2m, 1h, 1m30s or PT30S, got 1 " + where
            + "LATENTQ_DEFAULTS_PROGRESS_INTERVAL)",
        "http.host must not be blank, got ' ' " + where + "LATENTQ_HTTP_HOST)",
        "http.port must be between 0 and 65535, got 70000 " + where + "LATENTQ_HTTP_PORT)",
        "drainTimeout must be a duration such as 500ms, 30s, 2m, 1h, 1m30s or PT30S, got 'forever' " + where
            + "LATENTQ_DRAIN_TIMEOUT)");
    assertThat(e.getMessage()).startsWith("invalid configuration, 28 problems:");
  }

  @Test
  void fileEnvironmentAndModelProblemsComeTogether() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", "http: {port: -1}\nengin: {}\n");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigFixtures.loadFile(file,
        Map.of("LATENTQ_MAX_BATCH", "x", "LATENTQ_NOPE", "1")));

    assertThat(e.problems()).hasSize(5).anySatisfy(p -> assertThat(p).startsWith("http.port"))
        .anySatisfy(p -> assertThat(p).startsWith("unknown key engin in latentq.yaml; did you mean engine?"))
        .anySatisfy(p -> assertThat(p).startsWith("engine.maxBatch must be a whole number"))
        .anySatisfy(p -> assertThat(p).startsWith("unknown environment variable LATENTQ_NOPE"))
        .anySatisfy(p -> assertThat(p).startsWith("no models configured"));
  }

  @Test
  void simulatedModeDefaultsToTheLaunchFreeH100CostModel() {
    WorkerConfig config = ConfigFixtures.loadEnv(dir, "LATENTQ_ENGINE_MODE", "simulated");
    assertThat(config.engine().costModel()).isEqualTo("h100-sd15-graph");
  }

  @Test
  void bootstrapServersAcceptsListsAndIpv6() {
    WorkerConfig config = ConfigFixtures.loadEnv(dir, "LATENTQ_KAFKA_BOOTSTRAP", "a:9092, b:9093,[::1]:9094");

    assertThat(config.kafka().bootstrapServers()).isEqualTo("a:9092, b:9093,[::1]:9094");
  }

  @Test
  void emptyKeyPrefixIsAllowedInTheFile() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", "storage: {keyPrefix: \"\"}\n");

    assertThat(ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir)).storage().keyPrefix()).isEmpty();
  }
}
