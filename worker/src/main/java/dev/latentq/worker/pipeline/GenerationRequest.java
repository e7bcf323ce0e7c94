package dev.latentq.worker.pipeline;

import dev.latentq.worker.image.RgbImage;
import dev.latentq.worker.scheduler.SchedulerKind;

/**
 * Everything that determines a job's images, already resolved against the model's defaults. Same request, same
 * model: same pixels (the seed contract: image k comes from slice k of numpy's {@code RandomState(seed)} draws).
 *
 * @param negativePrompt empty for none
 * @param seed in [0, 2^32), numpy's seed range
 * @param steps inference steps as diffusers counts them ({@code num_inference_steps})
 * @param guidanceScale classifier-free guidance runs only when > 1 (LCM models embed it instead)
 * @param initImage img2img start image at the requested size, or null for text-to-image
 * @param strength img2img strength in (0, 1]; 1 for text-to-image
 */
public record GenerationRequest(
    String prompt,
    String negativePrompt,
    long seed,
    int steps,
    double guidanceScale,
    SchedulerKind scheduler,
    int width,
    int height,
    int numImages,
    RgbImage initImage,
    double strength) {

  public static final long MAX_SEED = 0xFFFF_FFFFL;

  public GenerationRequest {
    if (prompt == null) {
      throw new IllegalArgumentException("prompt is required");
    }
    negativePrompt = negativePrompt == null ? "" : negativePrompt;
    if (seed < 0 || seed > MAX_SEED) {
      throw new IllegalArgumentException("seed " + seed + " is outside [0, " + MAX_SEED + "] (numpy's seed range)");
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, got " + steps);
    }
    if (!(guidanceScale >= 0) || Double.isInfinite(guidanceScale)) {
      throw new IllegalArgumentException("guidance scale must be a finite number >= 0, got " + guidanceScale);
    }
    if (width <= 0 || height <= 0 || width % 8 != 0 || height % 8 != 0) {
      throw new IllegalArgumentException("size " + width + "x" + height + " must be positive multiples of 8");
    }
    if (numImages < 1) {
      throw new IllegalArgumentException("number of images must be >= 1, got " + numImages);
    }
    if (initImage == null) {
      strength = 1.0;
    } else if (!(strength > 0 && strength <= 1)) {
      throw new IllegalArgumentException("strength must be in (0, 1], got " + strength);
    } else if (initImage.width() != width || initImage.height() != height) {
      throw new IllegalArgumentException("init image is " + initImage.width() + "x" + initImage.height()
          + " but the request is " + width + "x" + height + ": resize it first");
    }
  }

  /** What a model checks about this request. */
  public RequestShape shape() {
    return new RequestShape(width, height, scheduler, steps, strength, hasInitImage());
  }

  /** True for img2img. */
  public boolean hasInitImage() {
    return initImage != null;
  }
}
