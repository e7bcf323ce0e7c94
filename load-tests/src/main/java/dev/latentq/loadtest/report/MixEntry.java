package dev.latentq.loadtest.report;

import dev.latentq.loadtest.mix.JobClass;

/**
 * A job class as recorded in the summary's parameters.
 *
 * @param name class name
 * @param weight relative frequency
 * @param model model id
 * @param width width in pixels
 * @param height height in pixels
 * @param steps denoising steps
 * @param guidance guidance scale
 * @param numImages images per job
 * @param priority priority
 * @param scheduler nullable: scheduler wire name
 * @param deadlineSeconds nullable: deadline offset from submission
 * @param prompts how many explicit prompts the class has; 0 means the shapes-sd world
 */
public record MixEntry(String name, double weight, String model, int width, int height, int steps, double guidance,
    int numImages, int priority, String scheduler, Double deadlineSeconds, int prompts) {

  /** The entry for {@code jobClass}. */
  public static MixEntry of(JobClass jobClass) {
    return new MixEntry(jobClass.name(), jobClass.weight(), jobClass.model(), jobClass.width(), jobClass.height(),
        jobClass.steps(), jobClass.guidance(), jobClass.numImages(), jobClass.priority(),
        jobClass.scheduler() == null ? null : jobClass.scheduler().wireName(),
        jobClass.deadlineOffset() == null ? null : jobClass.deadlineOffset().toMillis() / 1000.0,
        jobClass.prompts().size());
  }
}
