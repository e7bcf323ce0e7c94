package dev.latentq.worker.config;

/**
 * The {@code limits} keys of {@code latentq-example.yaml}: bigger jobs fail as invalid. {@code maxInitImagePixels} is
 * checked against an image's header before it is decoded, since a small file may declare a huge image.
 */
public record JobLimits(int maxSteps, int maxImages, int maxSide, long maxPixels, int maxPromptChunks,
    long maxInitImagePixels) {
  /** The example's {@code limits.maxInitImagePixels}. */
  public static final long DEFAULT_MAX_INIT_IMAGE_PIXELS =
      ConfigLoader.defaults("limits", JobLimits.class).maxInitImagePixels();
}
