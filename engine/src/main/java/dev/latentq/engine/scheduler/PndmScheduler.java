package dev.latentq.engine.scheduler;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;

/**
 * diffusers' {@code PNDMScheduler}: pseudo Runge–Kutta warm-up followed by linear multistep (PLMS) updates, or
 * PLMS alone with {@code skip_prk_steps} (Stable Diffusion 1.x configs).
 */
final class PndmScheduler implements Scheduler {

  private static final int RUNGE_KUTTA_ORDER = 4;

  private final TrainingSchedule schedule;
  private final String spacing;
  private final int offset;
  private final Prediction prediction;
  private final boolean skipRungeKutta;
  private final float finalAlphaCumprod;

  PndmScheduler(SchedulerSettings settings) {
    settings.requireOneOf("timestep_spacing", TimestepSpacing.NAMES);
    schedule = TrainingSchedule.from(settings, false);
    spacing = settings.text("timestep_spacing");
    offset = settings.integer("steps_offset");
    prediction = Prediction.from(settings, EnumSet.of(Prediction.EPSILON, Prediction.V_PREDICTION));
    skipRungeKutta = settings.flag("skip_prk_steps");
    finalAlphaCumprod = settings.flag("set_alpha_to_one") ? 1f : schedule.alphaCumprod(0);
  }

  /**
   * {@code pndm} is PLMS alone ({@code skip_prk_steps: true}), as in the Stable Diffusion configs, A1111's "PLMS"
   * and the reference images, also when the model ships another scheduler: diffusers' bare {@code from_config}
   * would take PNDM's class default {@code false} there and run the Runge–Kutta warm-up, which the reference
   * pipelines never do (and which an img2img window would cut in the middle of a cycle). Only a config that says
   * {@code skip_prk_steps} itself (a PNDM config) keeps its value.
   */
  static Map<String, Object> forcedSettings(SchedulerConfig config) {
    return config.explicit("skip_prk_steps").isPresent() ? Map.of() : Map.of("skip_prk_steps", true);
  }

  @Override
  public SchedulerKind kind() {
    return SchedulerKind.PNDM;
  }

  @Override
  public SchedulePlan plan(int steps, double strength) {
    int trainSteps = schedule.length();
    int skipped = BasePlan.skippedSteps(kind(), steps, strength, trainSteps);
    int[] ascending = TimestepSpacing.pndmAscending(spacing, trainSteps, steps, offset);
    int[] rungeKutta = skipRungeKutta ? new int[0] : rungeKuttaTimesteps(ascending, trainSteps / steps / 2, steps);
    int[] multistep = skipRungeKutta ? plmsOnlyTimesteps(ascending)
        : reversed(Arrays.copyOf(ascending, ascending.length - 3));
    int[] all = new int[rungeKutta.length + multistep.length];
    System.arraycopy(rungeKutta, 0, all, 0, rungeKutta.length);
    System.arraycopy(multistep, 0, all, rungeKutta.length, multistep.length);
    int[] evaluated = Arrays.copyOfRange(all, skipped, all.length);
    PndmUpdates updates = PndmUpdates.build(evaluated, rungeKutta, trainSteps / steps, skipRungeKutta);
    return new PndmPlan(evaluated, updates, schedule, finalAlphaCumprod, prediction,
        BasePlan.describe(kind(), steps, strength));
  }

  // second timestep repeated: [t_{n-1}, t_{n-2}, t_{n-2}, t_{n-3}, ..., t_0] for ascending t
  private static int[] plmsOnlyTimesteps(int[] ascending) {
    int n = ascending.length;
    int[] arranged = new int[n == 1 ? 1 : n + 1];
    System.arraycopy(ascending, 0, arranged, 0, n - 1);
    if (n > 1) {
      arranged[n - 1] = ascending[n - 2];
    }
    arranged[arranged.length - 1] = ascending[n - 1];
    return reversed(arranged);
  }

  // three Runge–Kutta cycles over the four highest timesteps, each visiting the midpoint twice
  private static int[] rungeKuttaTimesteps(int[] ascending, int halfStride, int steps) {
    if (ascending.length < RUNGE_KUTTA_ORDER) {
      throw new IllegalArgumentException("pndm without skip_prk_steps needs at least " + RUNGE_KUTTA_ORDER
          + " steps (diffusers fails below that), got " + steps + ": use more steps or a config with "
          + "skip_prk_steps=true");
    }
    int[] withMidpoints = new int[2 * RUNGE_KUTTA_ORDER - 1];
    for (int j = 0; j < RUNGE_KUTTA_ORDER; j++) {
      int t = ascending[ascending.length - RUNGE_KUTTA_ORDER + j];
      withMidpoints[2 * j] = t;
      if (j < RUNGE_KUTTA_ORDER - 1) {
        withMidpoints[2 * j + 1] = t + halfStride;
      }
    }
    int[] doubled = new int[2 * withMidpoints.length - 2];
    for (int j = 0; j < doubled.length; j++) {
      doubled[j] = withMidpoints[(j + 1) / 2];
    }
    return reversed(doubled);
  }

  private static int[] reversed(int[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[values.length - 1 - i];
    }
    return out;
  }
}
