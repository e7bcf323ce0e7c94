package dev.latentq.worker.config;

/**
 * The largest jobs this worker accepts ({@code limits.*} in {@code latentq-example.yaml}); bigger ones fail as
 * invalid instead of exhausting memory or time.
 *
 * @param maxPixels most pixels per image, width × height
 * @param maxPromptChunks most 77-token chunks per conditioning row of an A1111 prompt; each lengthens every U-Net call
 * @param maxInitImagePixels most pixels an init image (or mask) may declare in its header, checked before it is
 *     decoded: a small file may declare a huge image that would exhaust memory when decoded
 */
public record JobLimits(int maxSteps, int maxImages, int maxSide, long maxPixels, int maxPromptChunks,
    long maxInitImagePixels) {
  /** The example's {@code limits.maxInitImagePixels}. */
  public static final long DEFAULT_MAX_INIT_IMAGE_PIXELS =
      ConfigLoader.defaults("limits", JobLimits.class).maxInitImagePixels();
}
