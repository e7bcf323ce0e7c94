package dev.latentq.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SchedulerConfigTest {

  @Test
  void readsTheSavedClassAndRawValues() {
    SchedulerConfig config = Fixtures.model("tiny-sd15");
    assertThat(config.className()).contains("PNDMScheduler");
    assertThat(config.values().get("steps_offset").asInt()).isEqualTo(1);
    assertThat(config.explicit("skip_prk_steps")).hasValueSatisfying(node -> assertThat(node.asBoolean()).isTrue());
    assertThat(config.explicit("clip_sample")).isEmpty();
  }

  @Test
  void keysListedInUseDefaultValuesAreNotExplicit() {
    SchedulerConfig config = SchedulerConfig.parse(
        "{\"steps_offset\": 1, \"timestep_spacing\": \"leading\", \"_use_default_values\": [\"timestep_spacing\"]}",
        "test");
    assertThat(config.defaultedKeys()).containsExactly("timestep_spacing");
    assertThat(config.explicit("timestep_spacing")).isEmpty();
    assertThat(config.explicit("steps_offset")).isPresent();
    assertThat(config.explicit("_use_default_values")).isEmpty();
  }

  @Test
  void acceptsTheInfinityTokensDiffusersWrites() {
    SchedulerConfig config = SchedulerConfig.parse("{\"lambda_min_clipped\": -Infinity}", "test");
    assertThat(config.explicit("lambda_min_clipped").orElseThrow().doubleValue())
        .isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void missingFileNamesThePathAndTheExpectedLayout() {
    Path missing = Path.of("../fixtures/no-such-model/scheduler/scheduler_config.json");
    assertThatThrownBy(() -> SchedulerConfig.read(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-model")
        .hasMessageContaining("diffusers layout");
  }

  @Test
  void rejectsTextThatIsNotAJsonObject() {
    assertThatThrownBy(() -> SchedulerConfig.parse("[1, 2]", "bad.json"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad.json");
    assertThatThrownBy(() -> SchedulerConfig.parse("{oops", "broken.json"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broken.json");
  }
}
