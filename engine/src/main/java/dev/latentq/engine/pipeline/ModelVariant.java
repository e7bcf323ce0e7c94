package dev.latentq.engine.pipeline;

import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.model.Denoiser;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model with a LoRA set merged into its weights: its own U-Net and prompt encoder where the set changes them,
 * the base ones where it does not. Owns (and closes) only what it created. Counts the samples denoising with it, so
 * the model evicts only idle variants.
 */
final class ModelVariant implements AutoCloseable {
  private final LoraSet loras;
  private final Denoiser unet;
  private final PromptEncoder prompts;
  private final long patchedBytes;
  private final List<AutoCloseable> owned;
  private final AtomicInteger users = new AtomicInteger();

  /**
   * @param patchedBytes native memory of the patched weights the variant's sessions use
   * @param owned sessions and weights this variant created, closed in order
   */
  ModelVariant(LoraSet loras, Denoiser unet, PromptEncoder prompts, long patchedBytes, List<AutoCloseable> owned) {
    this.loras = loras;
    this.unet = unet;
    this.prompts = prompts;
    this.patchedBytes = patchedBytes;
    this.owned = List.copyOf(owned);
  }

  static ModelVariant base(Denoiser unet, PromptEncoder prompts) {
    return new ModelVariant(LoraSet.NONE, unet, prompts, 0, List.of());
  }

  LoraSet loras() {
    return loras;
  }

  Denoiser unet() {
    return unet;
  }

  PromptEncoder prompts() {
    return prompts;
  }

  long patchedBytes() {
    return patchedBytes;
  }

  /** Samples now denoising with this variant (taken under the model's variant lock). */
  void acquire(int samples) {
    users.addAndGet(samples);
  }

  /** One sample left its batch. */
  void release() {
    release(1);
  }

  /** {@code samples} acquired samples will never use the variant (their preparation failed). */
  void release(int samples) {
    users.addAndGet(-samples);
  }

  boolean idle() {
    return users.get() <= 0;
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
