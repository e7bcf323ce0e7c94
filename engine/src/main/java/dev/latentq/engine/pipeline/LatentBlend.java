package dev.latentq.engine.pipeline;

import dev.latentq.engine.scheduler.SchedulePlan;

/**
 * Inpainting with an ordinary 4-channel U-Net (diffusers' legacy inpainting): after the scheduler step of
 * evaluation {@code i}, the latents outside the mask are replaced by the init image's latents noised with the
 * sample's starting noise to evaluation {@code i + 1}'s level (after the last evaluation: the init latents
 * themselves). One per sample; owned by the engine thread.
 *
 * @param latentMask {@code [h, w]}, 1 where the latents are repainted (shared by a job's samples)
 * @param initLatents the init image's scaled latents {@code [C, h, w]} (shared by a job's samples)
 * @param startNoise this sample's starting noise {@code [C, h, w]}
 */
record LatentBlend(float[] latentMask, float[] initLatents, float[] startNoise, float[] scratch) {

  LatentBlend(float[] latentMask, float[] initLatents, float[] startNoise) {
    this(latentMask, initLatents, startNoise, new float[initLatents.length]);
  }

  /** Blends {@code latents} after evaluation {@code done} of {@code plan} has been stepped. */
  void apply(SchedulePlan plan, int done, float[] latents) {
    float[] original = initLatents;
    if (done + 1 < plan.length()) {
      plan.addNoise(done + 1, initLatents, startNoise, scratch);
      original = scratch;
    }
    int plane = latentMask.length;
    for (int k = 0; k < latents.length; k++) {
      // (1 - m) * original + m * latents with m in {0, 1} is an exact selection
      if (latentMask[k % plane] < 0.5f) {
        latents[k] = original[k];
      }
    }
  }
}
