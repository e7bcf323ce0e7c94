package dev.latentq.engine.batching;

import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.pipeline.Sample;

/**
 * Which samples can share a U-Net call: the same LoRA set (one set of weights per call), the same latent size, the
 * same conditioning length (77 tokens per prompt chunk: long A1111 prompts make longer rows), and for a U-Net that
 * takes one scalar timestep per call, the same current timestep.
 *
 * @param tokens conditioning tokens per row
 * @param timestep the shared timestep for scalar-timestep U-Nets, NaN otherwise (records compare doubles with
 *     {@link Double#compare}, so NaN keys are equal)
 */
record GroupKey(LoraSet loras, int latentHeight, int latentWidth, int tokens, double timestep) {
  static GroupKey of(Sample sample, boolean scalarTimestep, int hiddenWidth) {
    return new GroupKey(sample.loras(), sample.latentHeight(), sample.latentWidth(),
        sample.conditioning().tokens(hiddenWidth),
        scalarTimestep ? sample.timestep() : Double.NaN);
  }

  static GroupKey of(ActiveJob queued, ModelLane lane) {
    int scale = lane.model().vaeScaleFactor();
    return new GroupKey(queued.job.request().loras(), queued.job.request().height() / scale,
        queued.job.request().width() / scale, queued.tokens(lane),
        lane.model().scalarTimestep() ? queued.plan(lane).timestep(0) : Double.NaN);
  }
}
