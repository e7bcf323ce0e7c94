package dev.latentq.engine.pipeline;

/**
 * Everything a U-Net row needs besides the latents and the timestep. Shared, never modified: rows of the same
 * job reuse one instance, which is how the engine knows a row's conditioning is already in place.
 *
 * @param hiddenStates {@code [sequence, width]} text embeddings
 * @param pooled pooled text embedding (SDXL {@code text_embeds}), or null
 * @param timeIds SDXL micro-conditioning, or null
 * @param timestepCond LCM guidance embedding, or null
 */
public record RowConditioning(float[] hiddenStates, float[] pooled, float[] timeIds, float[] timestepCond) {
  /** The same row with an LCM guidance embedding. */
  public RowConditioning withTimestepCond(float[] embedding) {
    return new RowConditioning(hiddenStates, pooled, timeIds, embedding);
  }
}
