package dev.latentq.engine.scheduler;

import java.util.Locale;

/**
 * What every plan shares: the U-Net timesteps, argument checks around {@link #step} and the description.
 * Subclasses hold precomputed per-evaluation coefficients and do the element loops.
 */
abstract class BasePlan implements SchedulePlan {

  private final double[] modelTimesteps;
  private final String description;

  BasePlan(double[] modelTimesteps, String description) {
    this.modelTimesteps = modelTimesteps;
    this.description = description;
  }

  /**
   * diffusers' image-to-image window ({@code get_timesteps}): how many of the {@code steps} leading timesteps to
   * skip. Also validates steps and strength.
   */
  static int skippedSteps(SchedulerKind kind, int steps, double strength, int trainSteps) {
    checkStepsAndStrength(steps, strength, trainSteps);
    int kept = Math.min((int) (steps * strength), steps);
    if (kept < 1) {
      throw new IllegalArgumentException("image-to-image with " + steps + " steps at strength " + strength
          + " would run no " + kind.wireName() + " step: raise strength or steps so steps * strength >= 1");
    }
    return steps - kept;
  }

  static void checkStepsAndStrength(int steps, double strength, int trainSteps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    }
    if (steps > trainSteps) {
      throw new IllegalArgumentException("steps " + steps + " exceed the model's num_train_timesteps ("
          + trainSteps + "): use at most " + trainSteps + " steps");
    }
    if (!(strength > 0 && strength <= 1)) {
      throw new IllegalArgumentException("strength must be in (0, 1], got " + strength
          + ": use 1 for text-to-image or a fraction for image-to-image");
    }
  }

  static String describe(SchedulerKind kind, int steps, double strength) {
    String text = kind.displayName() + ", " + steps + " steps";
    return strength < 1 ? text + String.format(Locale.ROOT, ", strength %.2f", strength) : text;
  }

  @Override
  public final int length() {
    return modelTimesteps.length;
  }

  @Override
  public final double timestep(int i) {
    return modelTimesteps[checkIndex(i)];
  }

  @Override
  public float modelInputScale(int i) {
    checkIndex(i);
    return 1f;
  }

  @Override
  public void scaleModelInput(int i, float[] sample, float[] out, int outOffset) {
    checkIndex(i);
    System.arraycopy(sample, 0, out, outOffset, sample.length);
  }

  @Override
  public float initNoiseSigma() {
    return 1f;
  }

  @Override
  public boolean needsNoise(int i) {
    checkIndex(i);
    return false;
  }

  @Override
  public SampleState newState(int elements) {
    return new PlanState(this, elements);
  }

  @Override
  public final void step(SampleState state, int i, float[] modelOutput, float[] sample, float[] noise) {
    if (!(state instanceof PlanState planState) || planState.owner() != this) {
      throw new IllegalArgumentException("the sample state was not created by this plan: use plan.newState()");
    }
    if (i != planState.nextStep()) {
      throw new IllegalStateException("evaluation " + i + " stepped out of order: this sample expects evaluation "
          + planState.nextStep() + " next");
    }
    checkIndex(i);
    int elements = planState.elements();
    checkLength("modelOutput", modelOutput, elements);
    checkLength("sample", sample, elements);
    if (needsNoise(i)) {
      checkLength("noise", noise, elements);
    }
    apply(planState, i, modelOutput, sample, noise);
    planState.advance();
  }

  @Override
  public final void addNoise(float[] original, float[] noise, float[] out) {
    addNoise(0, original, noise, out);
  }

  @Override
  public final void addNoise(int i, float[] original, float[] noise, float[] out) {
    checkIndex(i);
    checkLength("noise", noise, original.length);
    checkLength("out", out, original.length);
    noiseTo(i, original, noise, out);
  }

  @Override
  public final String description() {
    return description;
  }

  /** The update for evaluation {@code i}; arguments are already checked. */
  abstract void apply(PlanState state, int i, float[] modelOutput, float[] sample, float[] noise);

  /** The forward-noising to evaluation {@code i}'s level; index and lengths are already checked. */
  abstract void noiseTo(int i, float[] original, float[] noise, float[] out);

  final int checkIndex(int i) {
    if (i < 0 || i >= modelTimesteps.length) {
      throw new IndexOutOfBoundsException("evaluation " + i + " is outside this plan of " + modelTimesteps.length);
    }
    return i;
  }

  private static void checkLength(String name, float[] values, int elements) {
    if (values == null) {
      throw new IllegalArgumentException(name + " is required here and must hold " + elements + " floats");
    }
    if (values.length != elements) {
      throw new IllegalArgumentException(name + " holds " + values.length + " floats, the sample state expects "
          + elements);
    }
  }

  /** diffusers' DDPM-style {@code add_noise}: {@code sqrt(a) * x + sqrt(1 - a) * noise} at one timestep. */
  static void noiseWithAlpha(float alphaCumprod, float[] original, float[] noise, float[] out) {
    float signal = TrainingSchedule.sqrt(alphaCumprod);
    float spread = TrainingSchedule.sqrt(1f - alphaCumprod);
    for (int k = 0; k < original.length; k++) {
      out[k] = signal * original[k] + spread * noise[k];
    }
  }

  static double[] toDoubles(int[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
