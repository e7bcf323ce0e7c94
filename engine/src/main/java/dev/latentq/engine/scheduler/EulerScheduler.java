package dev.latentq.engine.scheduler;

import java.util.EnumSet;
import java.util.Set;

/** diffusers' {@code EulerDiscreteScheduler} with its default churn-free step ({@code s_churn = 0}). */
final class EulerScheduler implements Scheduler {

  private final TrainingSchedule schedule;
  private final EulerSigmas.Options options;
  private final Prediction prediction;

  EulerScheduler(SchedulerSettings settings) {
    settings.requireOneOf("timestep_spacing", TimestepSpacing.NAMES);
    settings.requireOneOf("interpolation_type", Set.of("linear", "log_linear"));
    settings.requireOneOf("timestep_type", Set.of("discrete", "continuous"));
    settings.requireOneOf("final_sigmas_type", Set.of("zero", "sigma_min"));
    settings.requireOff("use_exponential_sigmas");
    settings.requireOff("use_beta_sigmas");
    schedule = TrainingSchedule.from(settings, true);
    prediction = Prediction.from(settings, EnumSet.allOf(Prediction.class), Set.of("original_sample"));
    options = new EulerSigmas.Options(settings.text("timestep_spacing"), settings.integer("steps_offset"),
        "log_linear".equals(settings.text("interpolation_type")), settings.flag("use_karras_sigmas"),
        settings.optionalNumber("sigma_min"), settings.optionalNumber("sigma_max"),
        "sigma_min".equals(settings.text("final_sigmas_type")),
        "continuous".equals(settings.text("timestep_type")) && prediction == Prediction.V_PREDICTION);
  }

  @Override
  public SchedulerKind kind() {
    return SchedulerKind.EULER;
  }

  @Override
  public SchedulePlan plan(int steps, double strength) {
    int skipped = BasePlan.skippedSteps(kind(), steps, strength, schedule.length());
    EulerSigmas table = EulerSigmas.build(schedule, options, steps);
    return new Plan(table, skipped, table.initNoiseSigma(options.spacing()), BasePlan.describe(kind(), steps,
        strength));
  }

  private final class Plan extends SigmaPlan {

    Plan(EulerSigmas table, int firstIndex, float initNoiseSigma, String description) {
      super(SchedulerKind.EULER, table, firstIndex, initNoiseSigma, description);
    }

    @Override
    void apply(PlanState state, int i, float[] modelOutput, float[] sample, float[] noise) {
      int index = sigmaIndex(i);
      float sigma = sigma(index);
      float sigmaHat = sigma * 1f;
      float dt = sigma(index + 1) - sigmaHat;
      switch (prediction) {
        case EPSILON -> {
          for (int k = 0; k < sample.length; k++) {
            float x = sample[k];
            float original = x - sigmaHat * modelOutput[k];
            sample[k] = x + (x - original) / sigmaHat * dt;
          }
        }
        case SAMPLE -> {
          for (int k = 0; k < sample.length; k++) {
            float x = sample[k];
            sample[k] = x + (x - modelOutput[k]) / sigmaHat * dt;
          }
        }
        case V_PREDICTION -> {
          float outputScale = -sigma / TrainingSchedule.sqrt(sigma * sigma + 1f);
          float sampleDivisor = sigma * sigma + 1f;
          for (int k = 0; k < sample.length; k++) {
            float x = sample[k];
            float original = modelOutput[k] * outputScale + x / sampleDivisor;
            sample[k] = x + (x - original) / sigmaHat * dt;
          }
        }
      }
    }
  }
}
