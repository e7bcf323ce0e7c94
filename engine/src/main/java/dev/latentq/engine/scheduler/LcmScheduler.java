package dev.latentq.engine.scheduler;

import java.util.EnumSet;

/**
 * diffusers' {@code LCMScheduler}: a subset of the distillation schedule, consistency-model boundary conditions
 * and fresh noise after every step but the last; the last step leaves the {@code denoised} latents to decode.
 */
final class LcmScheduler implements Scheduler {

  private final TrainingSchedule schedule;
  private final int originalSteps;
  private final Prediction prediction;
  private final boolean clipSample;
  private final float clipRange;
  private final float timestepScaling;
  private final float finalAlphaCumprod;

  LcmScheduler(SchedulerSettings settings) {
    settings.requireOff("thresholding");
    schedule = TrainingSchedule.from(settings, false);
    originalSteps = settings.integer("original_inference_steps");
    if (originalSteps < 1 || originalSteps > schedule.length()) {
      throw settings.unsupported("original_inference_steps", String.valueOf(originalSteps),
          "1 to num_train_timesteps=" + schedule.length());
    }
    prediction = Prediction.from(settings, EnumSet.allOf(Prediction.class));
    clipSample = settings.flag("clip_sample");
    clipRange = (float) settings.number("clip_sample_range");
    timestepScaling = (float) settings.number("timestep_scaling");
    finalAlphaCumprod = settings.flag("set_alpha_to_one") ? 1f : schedule.alphaCumprod(0);
  }

  @Override
  public SchedulerKind kind() {
    return SchedulerKind.LCM;
  }

  @Override
  public SchedulePlan plan(int steps, double strength) {
    int trainSteps = schedule.length();
    BasePlan.checkStepsAndStrength(steps, strength, trainSteps);
    int stride = trainSteps / originalSteps;
    // the distillation schedule, shortened by strength for image-to-image, highest timestep first
    int available = (int) (originalSteps * strength);
    if (available / steps < 1) {
      throw new IllegalArgumentException("lcm cannot pick " + steps + " steps from original_inference_steps x "
          + "strength = " + originalSteps + " x " + strength + " = " + available + " timesteps: "
          + (available < 1 ? "raise strength" : "use at most " + available + " steps or raise strength"));
    }
    if (steps > originalSteps) {
      throw new IllegalArgumentException("lcm steps " + steps + " exceed original_inference_steps "
          + originalSteps + ": use at most " + originalSteps + " steps");
    }
    double[] picks = Numpy.linspace(0, available, steps, false);
    int[] timesteps = new int[steps];
    for (int i = 0; i < steps; i++) {
      int rank = available - 1 - (int) Math.floor(picks[i]);
      timesteps[i] = (rank + 1) * stride - 1;
    }
    return new Plan(timesteps, BasePlan.describe(kind(), steps, strength));
  }

  private final class Plan extends BasePlan {

    private final float[] alphaCumprod;
    private final float[] sqrtAlpha;
    private final float[] sqrtBeta;
    private final float[] sqrtAlphaPrev;
    private final float[] sqrtBetaPrev;
    private final float[] skipScale;
    private final float[] outputScale;

    Plan(int[] timesteps, String description) {
      super(toDoubles(timesteps), description);
      int n = timesteps.length;
      alphaCumprod = new float[n];
      sqrtAlpha = new float[n];
      sqrtBeta = new float[n];
      sqrtAlphaPrev = new float[n];
      sqrtBetaPrev = new float[n];
      skipScale = new float[n];
      outputScale = new float[n];
      for (int i = 0; i < n; i++) {
        int t = timesteps[i];
        int prev = i + 1 < n ? timesteps[i + 1] : t;
        float alpha = schedule.alphaCumprod(t);
        alphaCumprod[i] = alpha;
        float alphaPrev = prev >= 0 ? schedule.alphaCumprod(prev) : finalAlphaCumprod;
        sqrtAlpha[i] = TrainingSchedule.sqrt(alpha);
        sqrtBeta[i] = TrainingSchedule.sqrt(1f - alpha);
        sqrtAlphaPrev[i] = TrainingSchedule.sqrt(alphaPrev);
        sqrtBetaPrev[i] = TrainingSchedule.sqrt(1f - alphaPrev);
        // boundary conditions with sigma_data = 0.5; torch evaluates 0.25 / x as reciprocal(x) * 0.25
        float scaled = (float) t * timestepScaling;
        float spread = scaled * scaled + 0.25f;
        skipScale[i] = (1f / spread) * 0.25f;
        outputScale[i] = scaled / TrainingSchedule.sqrt(spread);
      }
    }

    @Override
    public boolean needsNoise(int i) {
      return checkIndex(i) != length() - 1;
    }

    @Override
    void apply(PlanState state, int i, float[] modelOutput, float[] sample, float[] noise) {
      float a = sqrtAlpha[i];
      float b = sqrtBeta[i];
      float skip = skipScale[i];
      float out = outputScale[i];
      float high = clipSample ? clipRange : Float.POSITIVE_INFINITY;
      float low = -high;
      switch (prediction) {
        case EPSILON -> {
          for (int k = 0; k < sample.length; k++) {
            float x = sample[k];
            float original = Math.min(Math.max((x - b * modelOutput[k]) / a, low), high);
            sample[k] = out * original + skip * x;
          }
        }
        case SAMPLE -> {
          for (int k = 0; k < sample.length; k++) {
            sample[k] = out * Math.min(Math.max(modelOutput[k], low), high) + skip * sample[k];
          }
        }
        case V_PREDICTION -> {
          for (int k = 0; k < sample.length; k++) {
            float x = sample[k];
            float original = Math.min(Math.max(a * x - b * modelOutput[k], low), high);
            sample[k] = out * original + skip * x;
          }
        }
      }
      if (needsNoise(i)) {
        float signal = sqrtAlphaPrev[i];
        float spread = sqrtBetaPrev[i];
        for (int k = 0; k < sample.length; k++) {
          sample[k] = signal * sample[k] + spread * noise[k];
        }
      }
    }

    @Override
    void noiseTo(int i, float[] original, float[] noise, float[] out) {
      noiseWithAlpha(alphaCumprod[i], original, noise, out);
    }
  }
}
