package dev.latentq.engine.pipeline;

import dev.latentq.engine.model.LatentEncoder;

/** Models rebuilt from another's parts, for tests outside this package. */
public final class TestModels {
  private TestModels() {}

  /** {@code model}'s parts with {@code encoder} as the VAE encoder. */
  public static DiffusionModel withEncoder(DiffusionModel model, LatentEncoder encoder) {
    DiffusionModel.Parts p = model.parts();
    return new DiffusionModel(new DiffusionModel.Parts(p.name(), p.family(), p.env(), p.prompts(), p.unet(),
        p.decoder(), encoder, p.vae(), p.schedulerConfig(), p.defaultScheduler(), p.vaeScaleFactor(),
        p.defaultWidth(), p.defaultHeight(), p.latentMultiple()));
  }
}
