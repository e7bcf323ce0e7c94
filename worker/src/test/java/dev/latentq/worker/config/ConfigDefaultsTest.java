package dev.latentq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.engine.batching.SchedulingOptions;
import dev.latentq.engine.model.ExecutionProvider;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.protocol.Topics;
import dev.latentq.worker.config.WorkerConfig.EngineSettings;
import dev.latentq.worker.config.WorkerConfig.HttpSettings;
import dev.latentq.worker.config.WorkerConfig.JobDefaults;
import dev.latentq.worker.config.WorkerConfig.JobLimits;
import dev.latentq.worker.config.WorkerConfig.KafkaSettings;
import dev.latentq.worker.config.WorkerConfig.StorageSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDefaultsTest {
  @TempDir Path dir;

  @Test
  void withoutFileEveryKeyTakesItsDocumentedDefault() {
    WorkerConfig config = ConfigFixtures.loadEnv(dir);

    KafkaSettings kafka = config.kafka();
    assertThat(kafka.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(kafka.groupId()).isEqualTo("latentq-workers");
    assertThat(kafka.topics()).isEqualTo(Topics.DEFAULTS);
    assertThat(kafka.groupProtocol()).isEqualTo("consumer");
    assertThat(kafka.classicProtocol()).isFalse();
    assertThat(kafka.properties()).isEmpty();
    assertThat(kafka.commitInterval()).isEqualTo(Duration.ofSeconds(1));

    StorageSettings storage = config.storage();
    assertThat(storage.endpoint()).isEqualTo("http://localhost:9000");
    assertThat(storage.accessKey()).isNull();
    assertThat(storage.secretKey()).isNull();
    assertThat(storage.hasCredentials()).isFalse();
    assertThat(storage.region()).isEqualTo("us-east-1");
    assertThat(storage.bucket()).isEqualTo("latentq-images");
    assertThat(storage.keyPrefix()).isEqualTo("images/");
    assertThat(storage.createBucket()).isTrue();
    assertThat(storage.retryBudget()).isEqualTo(Duration.ofMinutes(2));

    assertThat(config.engine()).isEqualTo(new EngineSettings("onnx", ExecutionProvider.CPU, 0, 0, 8, 32,
        "h100-sd15-graph", "", SchedulingOptions.DEFAULTS, 0));
    assertThat(config.limits()).isEqualTo(new JobLimits(150, 8, 2048, 2048L * 2048L, 8,
        4096L * 4096));
    assertThat(config.defaults()).isEqualTo(new JobDefaults(0.8, Duration.ofSeconds(1), PromptSyntax.PLAIN));
    assertThat(config.http()).isEqualTo(new HttpSettings("0.0.0.0", 8080));
    assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void workerIdDefaultsToHostname() {
    WorkerConfig config = ConfigFixtures.loadEnv(dir, "HOSTNAME", "latentq-worker-7f9c");

    assertThat(config.workerId()).isEqualTo("latentq-worker-7f9c");
  }

  @Test
  void workerIdIsARandomShortIdWithoutHostname() {
    String first = ConfigFixtures.loadEnv(dir).workerId();
    String second = ConfigFixtures.loadEnv(dir).workerId();

    assertThat(first).matches("worker-[0-9a-f]{8}");
    assertThat(second).matches("worker-[0-9a-f]{8}").isNotEqualTo(first);
  }

  @Test
  void explicitWorkerIdWinsOverHostname() {
    WorkerConfig config = ConfigFixtures.loadEnv(dir, "HOSTNAME", "host-1", "LATENTQ_WORKER_ID", "gpu-a");

    assertThat(config.workerId()).isEqualTo("gpu-a");
  }

  @Test
  void noModelsIsAnErrorNamingTheVariableAndTheFileKey() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no models configured")
        .hasMessageContaining("LATENTQ_MODELS")
        .hasMessageContaining("`models:`");
  }

  @Test
  void configExceptionIsBadInputForTheCommandLine() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), dir))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
