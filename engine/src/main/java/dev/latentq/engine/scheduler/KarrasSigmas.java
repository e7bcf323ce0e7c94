package dev.latentq.engine.scheduler;

/** Karras et al. (2022) sigma spacing and diffusers' sigma-to-timestep interpolation ({@code _sigma_to_t}). */
final class KarrasSigmas {

  private static final double RHO = 7.0;

  private KarrasSigmas() {
  }

  /** {@code (max^(1/rho) + ramp * (min^(1/rho) - max^(1/rho)))^rho} for {@code steps} points of a 0..1 ramp. */
  static double[] between(double sigmaMin, double sigmaMax, int steps) {
    double[] ramp = Numpy.linspace(0, 1, steps, true);
    double minInvRho = Math.pow(sigmaMin, 1 / RHO);
    double maxInvRho = Math.pow(sigmaMax, 1 / RHO);
    double[] sigmas = new double[steps];
    for (int i = 0; i < steps; i++) {
      sigmas[i] = Math.pow(maxInvRho + ramp[i] * (minInvRho - maxInvRho), RHO);
    }
    return sigmas;
  }

  /** float32 {@code log} of every training sigma (ascending in t), as {@code np.log(sigmas)} on a float32 array. */
  static float[] logSigmas(float[] trainingSigmas) {
    float[] logs = new float[trainingSigmas.length];
    for (int t = 0; t < logs.length; t++) {
      logs[t] = Numpy.log(trainingSigmas[t]);
    }
    return logs;
  }

  /**
   * The fractional training timestep of {@code sigma}: linear interpolation in log-sigma between the two
   * neighbouring training sigmas, with diffusers' float32/float64 mix.
   */
  static double sigmaToTimestep(double sigma, float[] logSigmas) {
    double logSigma = Math.log(Math.max(sigma, 1e-10));
    // numpy: argmax of cumsum(dists >= 0), i.e. the last index at or below logSigma (0 when there is none)
    int low = 0;
    for (int t = 0; t < logSigmas.length; t++) {
      if (logSigma - logSigmas[t] >= 0) {
        low = t;
      }
    }
    low = Math.min(low, logSigmas.length - 2);
    int high = low + 1;
    float lowLog = logSigmas[low];
    float highLog = logSigmas[high];
    double weight = (lowLog - logSigma) / (double) (lowLog - highLog);
    weight = Math.min(Math.max(weight, 0), 1);
    return (1 - weight) * low + weight * high;
  }
}
