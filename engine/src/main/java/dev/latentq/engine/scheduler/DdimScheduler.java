package dev.latentq.engine.scheduler;

import java.util.Arrays;
import java.util.EnumSet;

/** diffusers' {@code DDIMScheduler} with eta = 0 (deterministic), as the Stable Diffusion pipelines run it. */
final class DdimScheduler implements Scheduler {

  private final TrainingSchedule schedule;
  private final String spacing;
  private final int offset;
  private final Prediction prediction;
  private final boolean clipSample;
  private final float clipRange;
  private final float finalAlphaCumprod;

  DdimScheduler(SchedulerSettings settings) {
    settings.requireOff("thresholding");
    settings.requireOneOf("timestep_spacing", TimestepSpacing.NAMES);
    schedule = TrainingSchedule.from(settings, false);
    spacing = settings.text("timestep_spacing");
    offset = settings.integer("steps_offset");
    prediction = Prediction.from(settings, EnumSet.allOf(Prediction.class));
    clipSample = settings.flag("clip_sample");
    clipRange = (float) settings.number("clip_sample_range");
    finalAlphaCumprod = settings.flag("set_alpha_to_one") ? 1f : schedule.alphaCumprod(0);
  }

  @Override
  public SchedulerKind kind() {
    return SchedulerKind.DDIM;
  }

  @Override
  public SchedulePlan plan(int steps, double strength) {
    int trainSteps = schedule.length();
    int skipped = BasePlan.skippedSteps(kind(), steps, strength, trainSteps);
    int[] all = TimestepSpacing.ddim(spacing, trainSteps, steps, offset);
    int[] timesteps = Arrays.copyOfRange(all, skipped, all.length);
    return new Plan(timesteps, trainSteps / steps, BasePlan.describe(kind(), steps, strength));
  }

  private final class Plan extends BasePlan {

    private final float[] alphaCumprod;
    private final float[] sqrtAlpha;
    private final float[] sqrtBeta;
    private final float[] sqrtAlphaPrev;
    private final float[] directionScale;

    Plan(int[] timesteps, int stride, String description) {
      super(toDoubles(timesteps), description);
      int n = timesteps.length;
      alphaCumprod = new float[n];
      sqrtAlpha = new float[n];
      sqrtBeta = new float[n];
      sqrtAlphaPrev = new float[n];
      directionScale = new float[n];
      for (int i = 0; i < n; i++) {
        int t = timesteps[i];
        int prev = t - stride;
        float alpha = schedule.alphaCumprod(t);
        alphaCumprod[i] = alpha;
        float alphaPrev = prev >= 0 ? schedule.alphaCumprod(prev) : finalAlphaCumprod;
        float beta = 1f - alpha;
        float variance = ((1f - alphaPrev) / beta) * (1f - alpha / alphaPrev);
        // eta = 0: diffusers still forms eta * sqrt(variance) and subtracts its square
        float deviation = 0f * TrainingSchedule.sqrt(variance);
        sqrtAlpha[i] = TrainingSchedule.sqrt(alpha);
        sqrtBeta[i] = TrainingSchedule.sqrt(beta);
        sqrtAlphaPrev[i] = TrainingSchedule.sqrt(alphaPrev);
        directionScale[i] = TrainingSchedule.sqrt(1f - alphaPrev - deviation * deviation);
      }
    }

    @Override
    void apply(PlanState state, int i, float[] modelOutput, float[] sample, float[] noise) {
      float a = sqrtAlpha[i];
      float b = sqrtBeta[i];
      float aPrev = sqrtAlphaPrev[i];
      float direction = directionScale[i];
      // infinite bounds make the clamp an exact no-op, keeping each loop branch-free so the JIT vectorizes it
      float high = clipSample ? clipRange : Float.POSITIVE_INFINITY;
      float low = -high;
      switch (prediction) {
        case EPSILON -> {
          for (int k = 0; k < sample.length; k++) {
            float out = modelOutput[k];
            float original = Math.min(Math.max((sample[k] - b * out) / a, low), high);
            sample[k] = aPrev * original + direction * out;
          }
        }
        case SAMPLE -> {
          for (int k = 0; k < sample.length; k++) {
            float out = modelOutput[k];
            float epsilon = (sample[k] - a * out) / b;
            sample[k] = aPrev * Math.min(Math.max(out, low), high) + direction * epsilon;
          }
        }
        case V_PREDICTION -> {
          for (int k = 0; k < sample.length; k++) {
            float x = sample[k];
            float out = modelOutput[k];
            float original = Math.min(Math.max(a * x - b * out, low), high);
            sample[k] = aPrev * original + direction * (a * out + b * x);
          }
        }
      }
    }

    @Override
    void noiseTo(int i, float[] original, float[] noise, float[] out) {
      noiseWithAlpha(alphaCumprod[i], original, noise, out);
    }
  }
}
