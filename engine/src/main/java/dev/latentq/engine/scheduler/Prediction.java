package dev.latentq.engine.scheduler;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** What the U-Net predicts ({@code prediction_type}). */
enum Prediction {
  EPSILON("epsilon"),
  SAMPLE("sample"),
  V_PREDICTION("v_prediction");

  private final String configName;

  Prediction(String configName) {
    this.configName = configName;
  }

  /** Reads {@code prediction_type}, failing with the supported names when the class does not handle it. */
  static Prediction from(SchedulerSettings settings, Set<Prediction> supported) {
    return from(settings, supported, Set.of());
  }

  /** Same, with extra config spellings that mean "sample" for this class (Euler's legacy "original_sample"). */
  static Prediction from(SchedulerSettings settings, Set<Prediction> supported, Set<String> sampleAliases) {
    String value = settings.text("prediction_type");
    for (Prediction prediction : EnumSet.copyOf(supported)) {
      if (prediction.configName.equals(value)) {
        return prediction;
      }
    }
    if (supported.contains(SAMPLE) && sampleAliases.contains(value)) {
      return SAMPLE;
    }
    throw settings.unsupported("prediction_type", "'" + value + "'", "supported: "
        + supported.stream().map(p -> p.configName).sorted().collect(Collectors.joining(", ")));
  }
}
