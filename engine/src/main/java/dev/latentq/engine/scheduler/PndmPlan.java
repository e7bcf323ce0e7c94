package dev.latentq.engine.scheduler;

import dev.latentq.engine.scheduler.PndmUpdates.Update;

/** A PNDM schedule: per-evaluation coefficients of diffusers' {@code _get_prev_sample} and the update kinds. */
final class PndmPlan extends BasePlan {

  private static final float SIXTH = (float) (1.0 / 6);
  private static final float THIRD = (float) (1.0 / 3);
  private static final float TWENTY_FOURTH = (float) (1.0 / 24);

  private final Update[] updates;
  private final Prediction prediction;
  private final float[] listAlphaCumprod;
  private final float[] sampleScale;
  private final float[] alphaGap;
  private final float[] outputDenominator;
  private final float[] sqrtAlpha;
  private final float[] sqrtBeta;

  PndmPlan(int[] evaluated, PndmUpdates schedulePlan, TrainingSchedule schedule, float finalAlphaCumprod,
      Prediction prediction, String description) {
    super(toDoubles(evaluated), description);
    int n = evaluated.length;
    this.updates = schedulePlan.updates();
    this.prediction = prediction;
    sampleScale = new float[n];
    alphaGap = new float[n];
    outputDenominator = new float[n];
    sqrtAlpha = new float[n];
    sqrtBeta = new float[n];
    for (int i = 0; i < n; i++) {
      int from = schedulePlan.fromTimestep()[i];
      int to = schedulePlan.toTimestep()[i];
      float alpha = schedule.alphaCumprod(from);
      float alphaPrev = to >= 0 ? schedule.alphaCumprod(to) : finalAlphaCumprod;
      float beta = 1f - alpha;
      float betaPrev = 1f - alphaPrev;
      sampleScale[i] = TrainingSchedule.sqrt(alphaPrev / alpha);
      alphaGap[i] = alphaPrev - alpha;
      outputDenominator[i] = alpha * TrainingSchedule.sqrt(betaPrev)
          + TrainingSchedule.sqrt(alpha * beta * alphaPrev);
      sqrtAlpha[i] = TrainingSchedule.sqrt(alpha);
      sqrtBeta[i] = TrainingSchedule.sqrt(beta);
    }
    listAlphaCumprod = new float[n];
    for (int i = 0; i < n; i++) {
      // add_noise uses the list timestep, not the shifted one PLMS steps from at its second call
      listAlphaCumprod[i] = schedule.alphaCumprod(evaluated[i]);
    }
  }

  @Override
  public SampleState newState(int elements) {
    return new PndmState(this, elements);
  }

  @Override
  void apply(PlanState planState, int i, float[] modelOutput, float[] sample, float[] noise) {
    PndmState state = (PndmState) planState;
    float[] combined = state.combined;
    float[] epsilon = combined;
    float[] source = sample;
    switch (updates[i]) {
      case RK_FIRST -> {
        state.remember(modelOutput);
        System.arraycopy(sample, 0, state.startSample, 0, sample.length);
        float[] sum = state.rungeKuttaSum;
        for (int k = 0; k < sum.length; k++) {
          sum[k] = SIXTH * modelOutput[k] + 0f;
        }
        epsilon = modelOutput;
        source = state.startSample;
      }
      case RK_MIDDLE -> {
        float[] sum = state.rungeKuttaSum;
        for (int k = 0; k < sum.length; k++) {
          sum[k] += THIRD * modelOutput[k];
        }
        epsilon = modelOutput;
        source = state.startSample;
      }
      case RK_LAST -> {
        float[] sum = state.rungeKuttaSum;
        for (int k = 0; k < sum.length; k++) {
          combined[k] = sum[k] + SIXTH * modelOutput[k];
        }
        source = state.startSample;
      }
      case PLMS_FIRST -> {
        state.remember(modelOutput);
        System.arraycopy(sample, 0, state.startSample, 0, sample.length);
        epsilon = modelOutput;
      }
      case PLMS_REDO -> {
        float[] e1 = state.stored(0);
        for (int k = 0; k < combined.length; k++) {
          combined[k] = (modelOutput[k] + e1[k]) / 2f;
        }
        source = state.startSample;
      }
      case PLMS_TWO -> {
        state.remember(modelOutput);
        float[] e1 = state.stored(0);
        float[] e2 = state.stored(1);
        for (int k = 0; k < combined.length; k++) {
          combined[k] = (3f * e1[k] - e2[k]) / 2f;
        }
      }
      case PLMS_THREE -> {
        state.remember(modelOutput);
        float[] e1 = state.stored(0);
        float[] e2 = state.stored(1);
        float[] e3 = state.stored(2);
        for (int k = 0; k < combined.length; k++) {
          combined[k] = (23f * e1[k] - 16f * e2[k] + 5f * e3[k]) / 12f;
        }
      }
      case PLMS_FOUR -> {
        state.remember(modelOutput);
        float[] e1 = state.stored(0);
        float[] e2 = state.stored(1);
        float[] e3 = state.stored(2);
        float[] e4 = state.stored(3);
        for (int k = 0; k < combined.length; k++) {
          combined[k] = TWENTY_FOURTH * (55f * e1[k] - 59f * e2[k] + 37f * e3[k] - 9f * e4[k]);
        }
      }
    }
    previousSample(i, source, epsilon, sample);
  }

  // x_prev = sqrt(a_prev / a) * x - (a_prev - a) * eps / (a * sqrt(1 - a_prev) + sqrt(a * (1 - a) * a_prev))
  private void previousSample(int i, float[] source, float[] epsilon, float[] out) {
    float scale = sampleScale[i];
    float gap = alphaGap[i];
    float denominator = outputDenominator[i];
    if (prediction == Prediction.V_PREDICTION) {
      float a = sqrtAlpha[i];
      float b = sqrtBeta[i];
      for (int k = 0; k < out.length; k++) {
        float x = source[k];
        out[k] = scale * x - gap * (a * epsilon[k] + b * x) / denominator;
      }
    } else {
      for (int k = 0; k < out.length; k++) {
        out[k] = scale * source[k] - gap * epsilon[k] / denominator;
      }
    }
  }

  @Override
  void noiseTo(int i, float[] original, float[] noise, float[] out) {
    noiseWithAlpha(listAlphaCumprod[i], original, noise, out);
  }

  /** PNDM's per-sample memory: up to four past model outputs, the cycle's start sample and the RK sum. */
  static final class PndmState extends PlanState {

    private final float[][] outputs;
    private int storedOutputs;
    final float[] startSample;
    final float[] rungeKuttaSum;
    final float[] combined;

    PndmState(SchedulePlan owner, int elements) {
      super(owner, elements);
      outputs = new float[4][elements];
      startSample = new float[elements];
      rungeKuttaSum = new float[elements];
      combined = new float[elements];
    }

    /** Keeps a copy of the newest model output, dropping the oldest beyond four. */
    void remember(float[] modelOutput) {
      float[] recycled = outputs[outputs.length - 1];
      System.arraycopy(outputs, 0, outputs, 1, outputs.length - 1);
      outputs[0] = recycled;
      System.arraycopy(modelOutput, 0, recycled, 0, recycled.length);
      storedOutputs = Math.min(storedOutputs + 1, outputs.length);
    }

    /** The model output stored {@code age} steps ago (0 = newest). */
    float[] stored(int age) {
      if (age >= storedOutputs) {
        throw new IllegalStateException("pndm needs " + (age + 1) + " stored model outputs, has " + storedOutputs);
      }
      return outputs[age];
    }
  }
}
