package dev.latentq.engine.scheduler;

import java.util.Set;

/**
 * The training noise schedule every supported scheduler starts from: betas and their cumulative alpha products,
 * computed with the float32 arithmetic PyTorch uses in diffusers' constructors. Immutable.
 */
final class TrainingSchedule {

  private static final Set<String> BETA_SCHEDULES = Set.of("linear", "scaled_linear", "squaredcos_cap_v2");
  // diffusers' Euler/DPM keep the last cumulative alpha just above zero so the first sigma stays finite
  private static final float ZERO_SNR_LAST_ALPHA = 0x1p-24f;

  private final float[] alphasCumprod;
  private final boolean cosineBetas;

  private TrainingSchedule(float[] alphasCumprod, boolean cosineBetas) {
    this.alphasCumprod = alphasCumprod;
    this.cosineBetas = cosineBetas;
  }

  /**
   * Builds the schedule from the resolved settings.
   *
   * @param clampLastAlphaForZeroSnr true for the classes that set {@code alphas_cumprod[-1] = 2**-24} after
   *     rescaling to zero terminal SNR (Euler, Euler ancestral, DPM-Solver)
   */
  static TrainingSchedule from(SchedulerSettings settings, boolean clampLastAlphaForZeroSnr) {
    int trainSteps = settings.integer("num_train_timesteps");
    if (trainSteps < 2) {
      throw settings.unsupported("num_train_timesteps", String.valueOf(trainSteps), "at least 2");
    }
    float[] betas = betas(settings, trainSteps);
    boolean rescale = settings.accepts("rescale_betas_zero_snr") && settings.flag("rescale_betas_zero_snr");
    if (rescale) {
      betas = rescaleToZeroTerminalSnr(betas);
    }
    float[] cumprod = cumulativeProduct(oneMinus(betas));
    if (rescale && clampLastAlphaForZeroSnr) {
      cumprod[cumprod.length - 1] = ZERO_SNR_LAST_ALPHA;
    }
    boolean cosine = settings.optionalNumbers("trained_betas") == null
        && "squaredcos_cap_v2".equals(settings.text("beta_schedule"));
    return new TrainingSchedule(cumprod, cosine);
  }

  /** Number of training timesteps (length of the tables). */
  int length() {
    return alphasCumprod.length;
  }

  /**
   * {@code alphas_cumprod[t]}, with Python's negative-index wrap-around that diffusers relies on.
   *
   * @throws IllegalArgumentException where diffusers would fail with an IndexError
   */
  float alphaCumprod(int t) {
    if (t >= alphasCumprod.length || t < -alphasCumprod.length) {
      throw new IllegalArgumentException("the schedule reaches training timestep " + t + ", outside the model's "
          + alphasCumprod.length + " timesteps (diffusers fails here too): lower steps_offset or the step count");
    }
    return alphasCumprod[t < 0 ? t + alphasCumprod.length : t];
  }

  float[] alphasCumprod() {
    return alphasCumprod.clone();
  }

  boolean cosineBetas() {
    return cosineBetas;
  }

  /** {@code ((1 - alphas_cumprod) / alphas_cumprod) ** 0.5} in float32, ascending in t. */
  float[] sigmas() {
    float[] sigmas = new float[alphasCumprod.length];
    for (int t = 0; t < sigmas.length; t++) {
      sigmas[t] = sqrt((1f - alphasCumprod[t]) / alphasCumprod[t]);
    }
    return sigmas;
  }

  static float sqrt(float value) {
    return (float) Math.sqrt(value);
  }

  private static float[] betas(SchedulerSettings settings, int trainSteps) {
    double[] trained = settings.optionalNumbers("trained_betas");
    if (trained != null) {
      if (trained.length != trainSteps) {
        throw settings.unsupported("trained_betas", "a list of " + trained.length + " values",
            "exactly num_train_timesteps=" + trainSteps + " values");
      }
      float[] betas = new float[trainSteps];
      for (int i = 0; i < trainSteps; i++) {
        betas[i] = (float) trained[i];
      }
      return betas;
    }
    settings.requireOneOf("beta_schedule", BETA_SCHEDULES);
    double start = settings.number("beta_start");
    double end = settings.number("beta_end");
    return switch (settings.text("beta_schedule")) {
      case "linear" -> torchLinspace(start, end, trainSteps);
      case "scaled_linear" -> squared(torchLinspace(Math.sqrt(start), Math.sqrt(end), trainSteps));
      default -> cosineBetas(trainSteps);
    };
  }

  /**
   * {@code torch.linspace(start, end, steps, dtype=float32)} on the CPU: the step is computed in float32 and the
   * first half counts up from start while the second half counts down from end.
   */
  static float[] torchLinspace(double start, double end, int steps) {
    float first = (float) start;
    float last = (float) end;
    float step = (last - first) / (float) (steps - 1);
    int halfway = steps / 2;
    float[] values = new float[steps];
    for (int i = 0; i < steps; i++) {
      values[i] = i < halfway ? first + step * (float) i : last - step * (float) (steps - i - 1);
    }
    return values;
  }

  // Glide's cosine schedule, evaluated in double precision and stored as float32 like torch.tensor(list)
  private static float[] cosineBetas(int trainSteps) {
    float[] betas = new float[trainSteps];
    for (int i = 0; i < trainSteps; i++) {
      double t1 = (double) i / trainSteps;
      double t2 = (double) (i + 1) / trainSteps;
      betas[i] = (float) Math.min(1 - cosineAlphaBar(t2) / cosineAlphaBar(t1), 0.999);
    }
    return betas;
  }

  private static double cosineAlphaBar(double t) {
    double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
    return c * c;
  }

  private static float[] squared(float[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] * values[i];
    }
    return out;
  }

  private static float[] oneMinus(float[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = 1f - values[i];
    }
    return out;
  }

  // torch.cumprod on CPU accumulates in double and stores every prefix as float32
  static float[] cumulativeProduct(float[] values) {
    float[] out = new float[values.length];
    double product = 1.0;
    for (int i = 0; i < values.length; i++) {
      product *= values[i];
      out[i] = (float) product;
    }
    return out;
  }

  // Algorithm 1 of arXiv 2305.08891, step by step in float32 as diffusers' rescale_zero_terminal_snr does
  private static float[] rescaleToZeroTerminalSnr(float[] betas) {
    float[] sqrtAlphaBar = cumulativeProduct(oneMinus(betas));
    for (int i = 0; i < sqrtAlphaBar.length; i++) {
      sqrtAlphaBar[i] = sqrt(sqrtAlphaBar[i]);
    }
    float first = sqrtAlphaBar[0];
    float last = sqrtAlphaBar[sqrtAlphaBar.length - 1];
    float scale = first / (first - last);
    float[] alphaBar = new float[sqrtAlphaBar.length];
    for (int i = 0; i < alphaBar.length; i++) {
      float shifted = (sqrtAlphaBar[i] - last) * scale;
      alphaBar[i] = shifted * shifted;
    }
    float[] rescaled = new float[betas.length];
    rescaled[0] = 1f - alphaBar[0];
    for (int i = 1; i < rescaled.length; i++) {
      rescaled[i] = 1f - alphaBar[i] / alphaBar[i - 1];
    }
    return rescaled;
  }
}
