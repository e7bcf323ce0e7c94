package dev.latentq.engine.model;

/**
 * Turns VAE-space latents into images: the ONNX VAE decoder, or a cost model when simulating. Called from the
 * engine thread only.
 */
public interface LatentDecoder extends AutoCloseable {
  /**
   * Decodes {@code count} latents of {@code [channels, height, width]} laid out back to back.
   *
   * @return {@code [count, 3, H, W]} pixels in [-1, 1] (before clamping) and their size
   */
  DecodedPixels decode(float[] latents, int count, int channels, int height, int width);

  /** Pixels of {@code count} images, each {@code [3, height, width]}. */
  record DecodedPixels(float[] values, int count, int height, int width) {}
}
