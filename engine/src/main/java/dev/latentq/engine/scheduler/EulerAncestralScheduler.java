package dev.latentq.engine.scheduler;

import java.util.EnumSet;

/**
 * diffusers' {@code EulerAncestralDiscreteScheduler}: an Euler step down to sigma_down plus fresh noise scaled by
 * sigma_up at every evaluation.
 */
final class EulerAncestralScheduler implements Scheduler {

  private final TrainingSchedule schedule;
  private final EulerSigmas.Options options;
  private final Prediction prediction;

  EulerAncestralScheduler(SchedulerSettings settings) {
    settings.requireOneOf("timestep_spacing", TimestepSpacing.NAMES);
    schedule = TrainingSchedule.from(settings, true);
    // diffusers raises NotImplementedError for "sample" in this class
    prediction = Prediction.from(settings, EnumSet.of(Prediction.EPSILON, Prediction.V_PREDICTION));
    options = new EulerSigmas.Options(settings.text("timestep_spacing"), settings.integer("steps_offset"),
        false, false, null, null, false, false);
  }

  @Override
  public SchedulerKind kind() {
    return SchedulerKind.EULER_ANCESTRAL;
  }

  @Override
  public SchedulePlan plan(int steps, double strength) {
    int skipped = BasePlan.skippedSteps(kind(), steps, strength, schedule.length());
    EulerSigmas table = EulerSigmas.build(schedule, options, steps);
    return new Plan(table, skipped, table.initNoiseSigma(options.spacing()),
        BasePlan.describe(kind(), steps, strength));
  }

  private final class Plan extends SigmaPlan {

    Plan(EulerSigmas table, int firstIndex, float initNoiseSigma, String description) {
      super(SchedulerKind.EULER_ANCESTRAL, table, firstIndex, initNoiseSigma, description);
    }

    @Override
    public boolean needsNoise(int i) {
      checkIndex(i);
      return true;
    }

    @Override
    void apply(PlanState state, int i, float[] modelOutput, float[] sample, float[] noise) {
      int index = sigmaIndex(i);
      float sigma = sigma(index);
      float to = sigma(index + 1);
      float toSquared = to * to;
      float up = TrainingSchedule.sqrt(toSquared * (sigma * sigma - toSquared) / (sigma * sigma));
      float down = TrainingSchedule.sqrt(toSquared - up * up);
      float dt = down - sigma;
      if (prediction == Prediction.EPSILON) {
        for (int k = 0; k < sample.length; k++) {
          float x = sample[k];
          float original = x - sigma * modelOutput[k];
          sample[k] = x + (x - original) / sigma * dt + noise[k] * up;
        }
      } else {
        float outputScale = -sigma / TrainingSchedule.sqrt(sigma * sigma + 1f);
        float sampleDivisor = sigma * sigma + 1f;
        for (int k = 0; k < sample.length; k++) {
          float x = sample[k];
          float original = modelOutput[k] * outputScale + x / sampleDivisor;
          sample[k] = x + (x - original) / sigma * dt + noise[k] * up;
        }
      }
    }
  }
}
