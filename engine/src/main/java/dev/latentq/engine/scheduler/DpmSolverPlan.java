package dev.latentq.engine.scheduler;

/** A DPM-Solver++ 2M schedule: per-step coefficients of the first- and second-order multistep updates. */
final class DpmSolverPlan extends BasePlan {

  /**
   * What the plan is built from.
   *
   * @param timesteps the full timestep schedule
   * @param sigmas its sigmas plus the final one
   * @param firstIndex index of the first evaluated timestep (image-to-image skips some)
   * @param forceFirstOrder per schedule index, whether diffusers' lower_order_final applies
   * @param heun the "heun" rather than "midpoint" second-order variant
   * @param prediction what the model predicts
   */
  record Schedule(int[] timesteps, float[] sigmas, int firstIndex, boolean[] forceFirstOrder, boolean heun,
      Prediction prediction) {
  }

  private final Prediction prediction;
  private final boolean heun;
  private final float[] sigmas;
  private final float[] alpha;
  private final float[] sigmaT;
  private final float[] lambda;
  private final int firstIndex;
  private final boolean[] firstOrder;

  DpmSolverPlan(Schedule schedule, String description) {
    super(evaluated(schedule), description);
    this.prediction = schedule.prediction();
    this.heun = schedule.heun();
    this.firstIndex = schedule.firstIndex();
    sigmas = schedule.sigmas().clone();
    alpha = new float[sigmas.length];
    sigmaT = new float[sigmas.length];
    lambda = new float[sigmas.length];
    for (int k = 0; k < sigmas.length; k++) {
      float sigma = sigmas[k];
      alpha[k] = 1f / TrainingSchedule.sqrt(sigma * sigma + 1f);
      sigmaT[k] = sigma * alpha[k];
      lambda[k] = Numpy.log(alpha[k]) - Numpy.log(sigmaT[k]);
    }
    firstOrder = new boolean[length()];
    for (int i = 0; i < firstOrder.length; i++) {
      // every sample's first evaluation has no previous output (diffusers' lower_order_nums < 1)
      firstOrder[i] = i == 0 || schedule.forceFirstOrder()[firstIndex + i];
    }
  }

  private static double[] evaluated(Schedule schedule) {
    int[] all = schedule.timesteps();
    double[] out = new double[all.length - schedule.firstIndex()];
    for (int i = 0; i < out.length; i++) {
      out[i] = all[schedule.firstIndex() + i];
    }
    return out;
  }

  @Override
  public SampleState newState(int elements) {
    return new DpmState(this, elements);
  }

  @Override
  void apply(PlanState planState, int i, float[] modelOutput, float[] sample, float[] noise) {
    DpmState state = (DpmState) planState;
    int s = firstIndex + i;
    int t = s + 1;
    float h = lambda[t] - lambda[s];
    float ratio = sigmaT[t] / sigmaT[s];
    float decay = alpha[t] * ((float) Math.exp(-h) - 1f);
    float[] original = state.scratch;
    dataPrediction(s, modelOutput, sample, original);
    if (firstOrder[i]) {
      for (int k = 0; k < sample.length; k++) {
        sample[k] = ratio * sample[k] - decay * original[k];
      }
    } else {
      float[] previous = state.latest;
      float r0 = (lambda[s] - lambda[s - 1]) / h;
      float inverseR0 = 1f / r0;
      if (heun) {
        float correction = alpha[t] * (((float) Math.exp(-h) - 1f) / h + 1f);
        for (int k = 0; k < sample.length; k++) {
          float x0 = original[k];
          sample[k] = ratio * sample[k] - decay * x0 + correction * (inverseR0 * (x0 - previous[k]));
        }
      } else {
        float halfDecay = 0.5f * decay;
        for (int k = 0; k < sample.length; k++) {
          float x0 = original[k];
          sample[k] = ratio * sample[k] - decay * x0 - halfDecay * (inverseR0 * (x0 - previous[k]));
        }
      }
    }
    state.keepLatest();
  }

  // diffusers' convert_model_output for dpmsolver++: the model's estimate of the clean latents
  private void dataPrediction(int s, float[] modelOutput, float[] sample, float[] out) {
    float a = alpha[s];
    float sigma = sigmaT[s];
    switch (prediction) {
      case EPSILON -> {
        for (int k = 0; k < out.length; k++) {
          out[k] = (sample[k] - sigma * modelOutput[k]) / a;
        }
      }
      case SAMPLE -> System.arraycopy(modelOutput, 0, out, 0, out.length);
      case V_PREDICTION -> {
        for (int k = 0; k < out.length; k++) {
          out[k] = a * sample[k] - sigma * modelOutput[k];
        }
      }
    }
  }

  @Override
  void noiseTo(int i, float[] original, float[] noise, float[] out) {
    float a = alpha[firstIndex + i];
    float sigma = sigmaT[firstIndex + i];
    for (int k = 0; k < original.length; k++) {
      out[k] = a * original[k] + sigma * noise[k];
    }
  }

  float[] sigmas() {
    return sigmas.clone();
  }

  /** The previous step's clean-latent estimate, double-buffered so no step allocates. */
  static final class DpmState extends PlanState {

    float[] latest;
    float[] scratch;

    DpmState(SchedulePlan owner, int elements) {
      super(owner, elements);
      latest = new float[elements];
      scratch = new float[elements];
    }

    void keepLatest() {
      float[] swap = latest;
      latest = scratch;
      scratch = swap;
    }
  }
}
