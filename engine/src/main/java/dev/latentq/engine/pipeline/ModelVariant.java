package dev.latentq.engine.pipeline;

import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.model.Denoiser;
import java.util.List;

/**
 * A model with a LoRA set merged into its weights: its own U-Net and prompt encoder where the set changes them,
 * the base ones where it does not. Owns (and closes) only what it created.
 *
 * @param patchedBytes native memory of the patched weights the variant's sessions use
 * @param owned sessions and weights this variant created, closed in order
 */
record ModelVariant(LoraSet loras, Denoiser unet, PromptEncoder prompts, long patchedBytes,
    List<AutoCloseable> owned) implements AutoCloseable {

  static ModelVariant base(Denoiser unet, PromptEncoder prompts) {
    return new ModelVariant(LoraSet.NONE, unet, prompts, 0, List.of());
  }

  @Override
  public void close() throws Exception {
    Exception failure = null;
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
