package dev.latentq.engine.scheduler;

import java.util.Map;

/** Builds the {@link Scheduler} of a kind from a model's scheduler config, as diffusers' {@code from_config}. */
public final class Schedulers {

  private Schedulers() {
  }

  /**
   * Creates the scheduler {@code kind} configured from {@code config}: keys the kind's diffusers class accepts
   * come from the config, the rest take that class's defaults.
   *
   * @throws IllegalArgumentException when the config asks for an option this port does not implement, naming the
   *     key and what is supported
   */
  public static Scheduler create(SchedulerKind kind, SchedulerConfig config) {
    return switch (kind) {
      case DDIM -> new DdimScheduler(SchedulerSettings.resolve(kind, config, Map.of()));
      case PNDM -> new PndmScheduler(SchedulerSettings.resolve(kind, config, PndmScheduler.forcedSettings(config)));
      case EULER -> new EulerScheduler(SchedulerSettings.resolve(kind, config, Map.of()));
      case EULER_ANCESTRAL -> new EulerAncestralScheduler(SchedulerSettings.resolve(kind, config, Map.of()));
      case DPMPP_2M, DPMPP_2M_KARRAS -> new DpmSolverScheduler(kind,
          SchedulerSettings.resolve(kind, config, DpmSolverScheduler.forcedSettings(kind)));
      case LCM -> new LcmScheduler(SchedulerSettings.resolve(kind, config, Map.of()));
    };
  }
}
