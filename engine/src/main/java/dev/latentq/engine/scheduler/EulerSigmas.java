package dev.latentq.engine.scheduler;

/**
 * The timesteps and sigmas of diffusers' {@code EulerDiscreteScheduler.set_timesteps} (also used, in its linear
 * form, by Euler ancestral).
 *
 * @param timesteps float32 timesteps handed to the U-Net, one per evaluation
 * @param sigmas float32 sigmas, one more than the evaluations of the full schedule
 */
record EulerSigmas(float[] timesteps, float[] sigmas) {

  /** The options of Euler's sigma construction. */
  record Options(String spacing, int offset, boolean logLinear, boolean karras, Double sigmaMin, Double sigmaMax,
      boolean finalSigmaMin, boolean continuousTimesteps) {
  }

  static EulerSigmas build(TrainingSchedule schedule, Options options, int steps) {
    int trainSteps = schedule.length();
    float[] spaced = TimestepSpacing.euler(options.spacing(), trainSteps, steps, options.offset());
    float[] training = schedule.sigmas();
    double[] sigmas;
    if (options.logLinear()) {
      sigmas = logLinear(training, steps);
    } else {
      sigmas = new double[spaced.length];
      for (int i = 0; i < spaced.length; i++) {
        sigmas[i] = Numpy.interpolate(spaced[i], training);
      }
    }
    double[] timesteps = new double[spaced.length];
    for (int i = 0; i < spaced.length; i++) {
      timesteps[i] = spaced[i];
    }
    if (options.karras()) {
      double sigmaMin = options.sigmaMin() != null ? options.sigmaMin() : sigmas[sigmas.length - 1];
      double sigmaMax = options.sigmaMax() != null ? options.sigmaMax() : sigmas[0];
      sigmas = KarrasSigmas.between(sigmaMin, sigmaMax, steps);
      float[] logSigmas = KarrasSigmas.logSigmas(training);
      timesteps = new double[sigmas.length];
      for (int i = 0; i < sigmas.length; i++) {
        timesteps[i] = KarrasSigmas.sigmaToTimestep(sigmas[i], logSigmas);
      }
    }
    float last = options.finalSigmaMin() ? training[0] : 0f;
    float[] allSigmas = new float[sigmas.length + 1];
    for (int i = 0; i < sigmas.length; i++) {
      allSigmas[i] = (float) sigmas[i];
    }
    allSigmas[sigmas.length] = last;
    float[] modelTimesteps;
    if (options.continuousTimesteps()) {
      modelTimesteps = new float[allSigmas.length - 1];
      for (int i = 0; i < modelTimesteps.length; i++) {
        modelTimesteps[i] = 0.25f * Numpy.log(allSigmas[i]);
      }
    } else {
      modelTimesteps = new float[timesteps.length];
      for (int i = 0; i < timesteps.length; i++) {
        modelTimesteps[i] = (float) timesteps[i];
      }
    }
    return new EulerSigmas(modelTimesteps, allSigmas);
  }

  // exp(torch.linspace(log(sigma_max), log(sigma_min), steps + 1)) in float32: one sigma more than timesteps
  private static double[] logLinear(float[] training, int steps) {
    float[] logs = TrainingSchedule.torchLinspace(Numpy.log(training[training.length - 1]), Numpy.log(training[0]),
        steps + 1);
    double[] sigmas = new double[logs.length];
    for (int i = 0; i < logs.length; i++) {
      sigmas[i] = (float) Math.exp(logs[i]);
    }
    return sigmas;
  }

  /** diffusers' {@code init_noise_sigma}: the largest sigma, or sqrt(max^2 + 1) for "leading" spacing. */
  float initNoiseSigma(String spacing) {
    float max = sigmas[0];
    for (float sigma : sigmas) {
      max = Math.max(max, sigma);
    }
    return "leading".equals(spacing) ? TrainingSchedule.sqrt(max * max + 1f) : max;
  }
}
