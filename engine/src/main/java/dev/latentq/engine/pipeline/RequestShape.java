package dev.latentq.engine.pipeline;

import dev.latentq.engine.scheduler.SchedulerKind;

/**
 * The parts of a request a model checks before anything runs: size, schedule and whether it starts from an
 * image (and inpaints with a mask). Lets a job be checked before its init image has been fetched.
 */
public record RequestShape(int width, int height, SchedulerKind scheduler, int steps, double strength,
    boolean initImage, boolean mask) {

  /** A request without a mask (text-to-image or img2img). */
  public RequestShape(int width, int height, SchedulerKind scheduler, int steps, double strength,
      boolean initImage) {
    this(width, height, scheduler, steps, strength, initImage, false);
  }
}
