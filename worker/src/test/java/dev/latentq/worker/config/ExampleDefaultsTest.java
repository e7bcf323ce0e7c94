package dev.latentq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.latentq.engine.batching.SchedulingOptions;
import dev.latentq.protocol.Durations;
import dev.latentq.worker.config.WorkerConfig.EngineSettings;
import dev.latentq.worker.config.WorkerConfig.HttpSettings;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** latentq-example.yaml is where the defaults come from, and the file and the variables overlay it in order. */
class ExampleDefaultsTest {
  @TempDir Path dir;

  @Test
  void everyDefaultIsTheExamplesValue() throws Exception {
    JsonNode example;
    try (InputStream in = getClass().getResourceAsStream("/latentq-example.yaml")) {
      example = new YAMLMapper().readTree(in);
    }
    WorkerConfig defaults = ConfigFixtures.loadEnv(dir);

    for (String key : ConfigSources.DEFAULTS.keySet()) {
      JsonNode written = example.at("/" + key.replace('.', '/'));
      Object bound = valueAt(defaults, key);
      if (written.isNull() || key.equals("loras.cacheFolder") || key.equals("workerId")) {
        continue; // computed when unset
      } else if (bound instanceof Duration duration) {
        assertThat(duration).as(key).isEqualTo(Durations.parse(written.asText()));
      } else if (key.endsWith("cacheSize") || key.endsWith("memoryBudget")) {
        assertThat(bound).as(key).isEqualTo(ValueParsers.byteSize().parse(written.asText(), dir));
      } else if (written.isArray()) {
        assertThat((Set<?>) bound).as(key).hasSameSizeAs(written);
      } else {
        assertThat(bound.toString()).as(key).isEqualToIgnoringCase(written.asText());
      }
    }
  }

  /** The record value at a key path; scheduling keys live in engine.scheduling. */
  private static Object valueAt(Object settings, String key) throws ReflectiveOperationException {
    for (String name : key.split("\\.")) {
      Object owner = settings instanceof EngineSettings engine && Arrays.stream(SchedulingOptions.class
          .getRecordComponents()).anyMatch(component -> component.getName().equals(name)) ? engine.scheduling()
          : settings;
      settings = owner.getClass().getMethod(name).invoke(owner);
    }
    return settings;
  }

  @Test
  void theExampleNamesEveryKeyTheRecordsHave() {
    assertThat(ConfigSources.DEFAULTS.keySet()).contains("workerId", "storage.accessKey", "loras.folder",
        "loras.bucket", "engine.memoryBudget", "engine.maxStepLatency", "engine.priorityStepLatency",
        "drainTimeout").hasSize(56);
  }

  @Test
  void environmentBeatsTheFileWhichBeatsTheExample() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", "http: {host: 127.0.0.1, port: 1}\n");

    WorkerConfig config = ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir, "LATENTQ_HTTP_PORT", "2"));

    assertThat(config.http()).isEqualTo(new HttpSettings("127.0.0.1", 2));
    assertThat(config.drainTimeout()).hasSeconds(60);
  }

  @Test
  void unknownKeysInTheFileAndTheEnvironmentGetSuggestions() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", "engine: {maxBatchh: 8}\n");

    assertThatThrownBy(() -> ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir,
        "LATENTQ_ENGINE_MAXBATCH", "0")))
        .hasMessageContaining("unknown key engine.maxBatchh in latentq.yaml; did you mean engine.maxBatch?")
        .hasMessageContaining("unknown environment variable LATENTQ_ENGINE_MAXBATCH: it sets no configuration key; "
            + "did you mean LATENTQ_ENGINE_MAX_BATCH?");
  }

  @Test
  void secretsAreMaskedInBadValueMessagesAndInTheDump() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", "storage: {accessKey: \"\", secretKey: top-secret-1}\n");

    assertThatThrownBy(() -> ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir)))
        .hasMessageContaining("storage.accessKey must not be empty, got a hidden value")
        .hasMessageNotContaining("top-secret-1");
    WorkerConfig config = ConfigFixtures.loadEnv(dir, "LATENTQ_S3_ACCESS_KEY", "ak-1", "LATENTQ_S3_SECRET_KEY",
        "sk-2", "LATENTQ_KAFKA_PROPERTY_SSL_KEY_PASSWORD", "pw-3");
    assertThat(config.summary() + config).doesNotContain("ak-1", "sk-2", "pw-3")
        .contains("credentials=****", "ssl.key.password=****");
  }

  @Test
  void aMappingWhereAValueBelongsNamesTheKey() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", "loras: {cacheSize: {gib: 2}}\n");

    assertThatThrownBy(() -> ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir)))
        .hasMessage("invalid configuration: loras.cacheSize must be a single value, got a mapping "
            + "(set in latentq.yaml or LATENTQ_LORAS_CACHE_SIZE)");
  }
}
