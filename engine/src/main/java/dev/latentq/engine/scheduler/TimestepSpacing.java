package dev.latentq.engine.scheduler;

import java.util.Set;

/**
 * diffusers' {@code timestep_spacing} rules ("linspace", "leading", "trailing"; Table 2 of arXiv 2305.08891) in
 * the slightly different forms each scheduler class uses.
 */
final class TimestepSpacing {

  static final Set<String> NAMES = Set.of("linspace", "leading", "trailing");

  private TimestepSpacing() {
  }

  /** DDIM: descending int64 timesteps. */
  static int[] ddim(String spacing, int trainSteps, int steps, int offset) {
    return switch (spacing) {
      case "linspace" -> reversed(rounded(Numpy.linspace(0, trainSteps - 1, steps, true)));
      case "leading" -> reversed(leadingAscending(trainSteps / steps, steps, offset));
      default -> trailingDescending(trainSteps, trainSteps, steps);
    };
  }

  /** PNDM: the ascending {@code _timesteps} before the PRK/PLMS arrangement. */
  static int[] pndmAscending(String spacing, int trainSteps, int steps, int offset) {
    return switch (spacing) {
      case "linspace" -> rounded(Numpy.linspace(0, trainSteps - 1, steps, true));
      case "leading" -> leadingAscending(trainSteps / steps, steps, offset);
      default -> reversed(trailingDescending(trainSteps, trainSteps, steps));
    };
  }

  /** Euler and Euler ancestral: descending float32 timesteps (linspace keeps fractions). */
  static float[] euler(String spacing, int trainSteps, int steps, int offset) {
    float[] timesteps = new float[steps];
    switch (spacing) {
      case "linspace" -> {
        double[] values = Numpy.linspace(0, trainSteps - 1, steps, true);
        for (int i = 0; i < steps; i++) {
          timesteps[i] = (float) values[steps - 1 - i];
        }
      }
      case "leading" -> {
        int[] values = reversed(leadingAscending(trainSteps / steps, steps, 0));
        for (int i = 0; i < steps; i++) {
          timesteps[i] = (float) values[i] + (float) offset;
        }
      }
      default -> {
        int[] values = trailingDescending(trainSteps, trainSteps, steps);
        timesteps = new float[values.length];
        for (int i = 0; i < values.length; i++) {
          timesteps[i] = (float) values[i];
        }
      }
    }
    return timesteps;
  }

  /** DPM-Solver: descending int64 timesteps below {@code lastTimestep} (which lambda_min_clipped may lower). */
  static int[] dpmSolver(String spacing, int trainSteps, int lastTimestep, int steps, int offset) {
    return switch (spacing) {
      case "linspace" -> {
        int[] ascending = rounded(Numpy.linspace(0, lastTimestep - 1, steps + 1, true));
        int[] out = new int[steps];
        for (int i = 0; i < steps; i++) {
          out[i] = ascending[steps - i];
        }
        yield out;
      }
      case "leading" -> {
        int ratio = lastTimestep / (steps + 1);
        int[] out = new int[steps];
        for (int i = 0; i < steps; i++) {
          out[i] = (steps - i) * ratio + offset;
        }
        yield out;
      }
      default -> trailingDescending(trainSteps, lastTimestep, steps);
    };
  }

  private static int[] leadingAscending(int ratio, int steps, int offset) {
    int[] out = new int[steps];
    for (int i = 0; i < steps; i++) {
      out[i] = i * ratio + offset;
    }
    return out;
  }

  // round(arange(from, 0, -trainSteps / steps)) - 1; may hold steps + 1 values (numpy's arange length rule)
  private static int[] trailingDescending(int trainSteps, int from, int steps) {
    double[] values = Numpy.arange(from, 0, -((double) trainSteps / steps));
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (int) Numpy.round(values[i]) - 1;
    }
    return out;
  }

  private static int[] rounded(double[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (int) Numpy.round(values[i]);
    }
    return out;
  }

  private static int[] reversed(int[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[values.length - 1 - i];
    }
    return out;
  }
}
