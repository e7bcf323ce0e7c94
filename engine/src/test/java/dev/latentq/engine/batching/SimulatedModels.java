package dev.latentq.engine.batching;

import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.engine.scheduler.SchedulerKind;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.engine.simulation.SimulatedModel;

/** A simulated SD 1.5 model whose calls cost (almost) nothing, and small requests for it. */
final class SimulatedModels {
  private SimulatedModels() {}

  static DiffusionModel free(String id) {
    return SimulatedModel.create(id, CostModel.nearlyFree());
  }

  /** A guided (two U-Net rows per image) DDIM request of {@code steps} steps at {@code side} x {@code side}. */
  static GenerationRequest request(int side, int steps, int images) {
    return GenerationRequest.builder("a red circle").seed(1).steps(steps).guidanceScale(5.0)
        .scheduler(SchedulerKind.DDIM).size(side, side).images(images).build();
  }
}
