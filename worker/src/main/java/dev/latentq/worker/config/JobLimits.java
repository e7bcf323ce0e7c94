package dev.latentq.worker.config;

/**
 * The largest jobs this worker accepts; bigger ones fail as invalid instead of exhausting memory or time.
 *
 * @param maxSteps most denoising steps per job (default 150)
 * @param maxImages most images per job (default 8)
 * @param maxSide widest width or height in pixels (default 2048)
 * @param maxPixels most pixels per image, width × height (default 2048 × 2048)
 * @param maxPromptChunks most 77-token chunks per conditioning row of an A1111 prompt (default 8); each chunk
 *     lengthens every U-Net call of the job
 * @param maxInitImagePixels most pixels an init image (or mask) may declare in its header, checked before it is
 *     decoded (default 4096 × 4096): a small file may declare a huge image that would exhaust memory when decoded
 */
public record JobLimits(int maxSteps, int maxImages, int maxSide, long maxPixels, int maxPromptChunks,
    long maxInitImagePixels) {
  /** 4096 × 4096: about 64 MiB decoded, far above any size the models generate. */
  public static final long DEFAULT_MAX_INIT_IMAGE_PIXELS = 4096L * 4096L;
}
