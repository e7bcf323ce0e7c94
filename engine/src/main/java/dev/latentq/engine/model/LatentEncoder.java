package dev.latentq.engine.model;

/** Turns images into VAE latents for img2img. Called from the engine thread only. */
public interface LatentEncoder extends AutoCloseable {
  /**
   * Encodes {@code count} images of {@code [3, height, width]} pixels in [-1, 1].
   *
   * @return the encoder's output: either latents already sampled by the graph, or the distribution's mean and
   *     log-variance stacked along channels (the caller samples them with the job's generator)
   */
  EncodedLatents encode(float[] pixels, int count, int height, int width);

  /**
   * @param values {@code [count, channels, h, w]}
   * @param parameters true when {@code values} holds mean and log-variance (2 × latent channels)
   */
  record EncodedLatents(float[] values, int count, int channels, int height, int width, boolean parameters) {}
}
