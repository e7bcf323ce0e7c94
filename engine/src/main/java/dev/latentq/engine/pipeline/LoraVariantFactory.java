package dev.latentq.engine.pipeline;

import dev.latentq.engine.lora.LoraException;
import dev.latentq.engine.lora.LoraSet;

/** Builds a model's variant for a non-empty LoRA set, or fails with a {@link LoraException} naming the problem. */
interface LoraVariantFactory {
  ModelVariant build(LoraSet set);

  /** For models that cannot take LoRAs at all (e.g. the simulated accelerator). */
  static LoraVariantFactory unsupported(String why) {
    return set -> {
      throw new LoraException(why);
    };
  }
}
