package dev.latentq.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.engine.model.SessionTuning.GraphOptimization;
import org.junit.jupiter.api.Test;

class SessionTuningTest {

  @Test
  void runtimeOptionsWithoutTuningUseTheEngineDefaults() {
    assertThat(RuntimeOptions.cpu().tuning()).isEqualTo(SessionTuning.defaults());
    assertThat(new RuntimeOptions(ExecutionProvider.CPU, 0, 2, "").tuning()).isEqualTo(SessionTuning.defaults());
  }

  @Test
  void engineDefaultsOpenTheVaeEncoderLazilyAndOnnxRuntimeDefaultsDoNot() {
    assertThat(SessionTuning.defaults().lazyVaeEncoder()).isTrue();
    SessionTuning ort = SessionTuning.onnxRuntimeDefaults();
    assertThat(ort).isEqualTo(new SessionTuning(true, true, true, GraphOptimization.ALL, true, false));
  }

  @Test
  void settingsChangeOnlyTheNamedFields() {
    SessionTuning changed = SessionTuning.onnxRuntimeDefaults().with("arena=off, optimization=basic,spinning=false");

    assertThat(changed).isEqualTo(new SessionTuning(false, true, true, GraphOptimization.BASIC, false, false));
  }

  @Test
  void parseStartsFromTheNamedBaseOrTheEngineDefaults() {
    assertThat(SessionTuning.parse("ort")).isEqualTo(SessionTuning.onnxRuntimeDefaults());
    assertThat(SessionTuning.parse("engine")).isEqualTo(SessionTuning.defaults());
    assertThat(SessionTuning.parse("ort,lazy-vae-encoder=on").lazyVaeEncoder()).isTrue();
    assertThat(SessionTuning.parse("pattern=on")).isEqualTo(SessionTuning.defaults().with("pattern=on"));
  }

  @Test
  void unknownNamesAndValuesAreRejectedWithTheAcceptedOnes() {
    assertThatThrownBy(() -> SessionTuning.parse("arenas=off")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'arenas=off'").hasMessageContaining("use arena, pattern");
    assertThatThrownBy(() -> SessionTuning.parse("arena=maybe")).hasMessageContaining("needs on or off");
    assertThatThrownBy(() -> SessionTuning.parse("optimization=max"))
        .hasMessageContaining("needs none, basic, extended or all");
  }

  @Test
  void withTuningKeepsTheProviderAndThreads() {
    RuntimeOptions options = new RuntimeOptions(ExecutionProvider.CPU, 0, 3, "cache");
    SessionTuning tuning = SessionTuning.parse("arena=on");

    assertThat(options.withTuning(tuning))
        .isEqualTo(new RuntimeOptions(ExecutionProvider.CPU, 0, 3, "cache", tuning));
  }
}
