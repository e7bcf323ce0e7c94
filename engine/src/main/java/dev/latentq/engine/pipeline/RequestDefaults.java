package dev.latentq.engine.pipeline;

import dev.latentq.engine.scheduler.SchedulerKind;

/**
 * What a request that leaves steps or guidance out gets, as diffusers' pipelines default them: 50 steps and
 * guidance 7.5 (5.0 for SDXL); LCM models 4 steps and guidance 8.5.
 */
public final class RequestDefaults {
  private RequestDefaults() {}

  public static int steps(ModelProfile model, SchedulerKind scheduler) {
    return isLcm(model, scheduler) ? 4 : 50;
  }

  public static int steps(DiffusionModel model, SchedulerKind scheduler) {
    return steps(model.profile(), scheduler);
  }

  public static double guidance(DiffusionModel model, SchedulerKind scheduler) {
    return guidance(model.profile(), scheduler);
  }

  public static double guidance(ModelProfile model, SchedulerKind scheduler) {
    if (isLcm(model, scheduler)) {
      return 8.5;
    }
    return model.family().startsWith("SDXL") ? 5.0 : 7.5;
  }

  private static boolean isLcm(ModelProfile model, SchedulerKind scheduler) {
    return model.embedsGuidance() || scheduler == SchedulerKind.LCM;
  }
}
