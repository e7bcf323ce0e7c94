package dev.latentq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.engine.batching.SchedulingOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulingSettingsTest {
  @TempDir
  Path dir;

  @Test
  void defaultsAreStepAdmissionWithImmediateDecoding() {
    assertThat(ConfigFixtures.loadEnv(dir).engine().scheduling()).isEqualTo(SchedulingOptions.DEFAULTS);
  }

  @Test
  void fileSelectsRequestAdmissionAndDecodeBatching() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", """
        engine:
          admission: request
          maxQueueDelay: 250ms
          maxDecodeBatch: 8
          maxDecodeDelay: 1s
          batchTextEncoding: false
          maxPreemptions: 0
          maxStepLatency: 40ms
        """);

    SchedulingOptions scheduling = ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir)).engine()
        .scheduling();

    assertThat(scheduling).isEqualTo(new SchedulingOptions("request", Duration.ofMillis(250), 8,
        Duration.ofSeconds(1), false, 0, Duration.ofMillis(40)));
  }

  @Test
  void fileSetsThePriorityStepBudget() {
    Path file = ConfigFixtures.write(dir, "latentq.yaml", """
        engine:
          priorityStepLatency: 11ms
        """);

    assertThat(ConfigFixtures.loadFile(file, ConfigFixtures.envWithModel(dir)).engine().scheduling())
        .isEqualTo(SchedulingOptions.DEFAULTS.withPriorityStepLatency(Duration.ofMillis(11)));
  }

  @Test
  void environmentSelectsTheAdmissionPolicy() {
    assertThat(ConfigFixtures.loadEnv(dir, "LATENTQ_ENGINE_ADMISSION", "Request").engine().scheduling().admission())
        .isEqualTo("request");
  }

  @Test
  void unknownAdmissionPolicyNamesTheChoices() {
    assertThatThrownBy(() -> ConfigFixtures.loadEnv(dir, "LATENTQ_ENGINE_ADMISSION", "triton"))
        .hasMessageContaining("engine.admission").hasMessageContaining("step, request");
  }
}
