package dev.latentq.engine.scheduler;

/**
 * A diffusion scheduler built from a model's scheduler config, reproducing the matching diffusers class.
 * Immutable and thread-safe: build one per (model, kind) and share it.
 */
public interface Scheduler {

  /** Which scheduler this is. */
  SchedulerKind kind();

  /**
   * The denoising schedule for one job.
   *
   * @param steps number of inference steps, as passed to diffusers' {@code num_inference_steps}
   * @param strength 1.0 for text-to-image; in (0, 1) for image-to-image, where the plan starts part-way down the
   *     schedule as diffusers' image-to-image pipelines do
   * @throws IllegalArgumentException for steps or strength diffusers rejects, or that would run no step
   */
  SchedulePlan plan(int steps, double strength);
}
