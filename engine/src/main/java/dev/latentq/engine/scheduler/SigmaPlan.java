package dev.latentq.engine.scheduler;

import java.util.Arrays;

/**
 * A plan on a sigma table (Euler and Euler ancestral): the U-Net input is divided by sqrt(sigma^2 + 1) and
 * image-to-image noise is added as {@code x + noise * sigma}.
 */
abstract class SigmaPlan extends BasePlan {

  private final float[] sigmas;
  private final int firstIndex;
  private final float[] inputDivisor;
  private final float initNoiseSigma;

  SigmaPlan(SchedulerKind kind, EulerSigmas table, int firstIndex, float initNoiseSigma, String description) {
    super(evaluatedTimesteps(kind, table.timesteps(), firstIndex), description);
    this.sigmas = table.sigmas();
    this.firstIndex = firstIndex;
    this.initNoiseSigma = initNoiseSigma;
    inputDivisor = new float[length()];
    for (int i = 0; i < inputDivisor.length; i++) {
      float sigma = sigmas[firstIndex + i];
      inputDivisor[i] = TrainingSchedule.sqrt(sigma * sigma + 1f);
    }
  }

  private static double[] evaluatedTimesteps(SchedulerKind kind, float[] timesteps, int firstIndex) {
    if (firstIndex == 0) {
      requireDistinctFirst(kind, timesteps);
    }
    double[] out = new double[timesteps.length - firstIndex];
    for (int i = 0; i < out.length; i++) {
      out[i] = timesteps[firstIndex + i];
    }
    return out;
  }

  // text-to-image: diffusers starts at the *second* occurrence of a repeated first timestep and then overruns
  static void requireDistinctFirst(SchedulerKind kind, float[] timesteps) {
    long copies = 0;
    for (float t : timesteps) {
      copies += Float.compare(t, timesteps[0]) == 0 ? 1 : 0;
    }
    if (copies > 1) {
      throw new IllegalArgumentException("the " + kind.wireName() + " schedule repeats its first timestep "
          + timesteps[0] + " " + Arrays.toString(Arrays.copyOf(timesteps, Math.min(4, timesteps.length)))
          + ", which diffusers cannot step through: use fewer steps");
    }
  }

  final int sigmaIndex(int i) {
    return firstIndex + i;
  }

  final float sigma(int index) {
    return sigmas[index];
  }

  float[] sigmas() {
    return sigmas.clone();
  }

  @Override
  public final float modelInputScale(int i) {
    return 1f / inputDivisor[checkIndex(i)];
  }

  @Override
  public final void scaleModelInput(int i, float[] sample, float[] out, int outOffset) {
    float divisor = inputDivisor[checkIndex(i)];
    for (int k = 0; k < sample.length; k++) {
      out[outOffset + k] = sample[k] / divisor;
    }
  }

  @Override
  public final float initNoiseSigma() {
    return initNoiseSigma;
  }

  @Override
  final void noiseTo(int i, float[] original, float[] noise, float[] out) {
    float sigma = sigmas[firstIndex + i];
    for (int k = 0; k < original.length; k++) {
      out[k] = original[k] + noise[k] * sigma;
    }
  }
}
