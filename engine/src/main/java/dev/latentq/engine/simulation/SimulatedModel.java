package dev.latentq.engine.simulation;

import ai.onnxruntime.OrtEnvironment;
import dev.latentq.engine.model.VaeConfig;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.scheduler.SchedulerConfig;
import dev.latentq.engine.scheduler.SchedulerKind;

/**
 * An SD 1.5-shaped model on a simulated accelerator: U-Net, VAE and text encoder calls take the time of a
 * {@link CostModel} instead of running ONNX, while everything else — batching, guidance, schedulers, noise, PNG,
 * storage, Kafka — is the real code. Lets a CPU-only machine show what the service does with an H100.
 */
public final class SimulatedModel {
  /** SD 1.5's text embedding width. */
  static final int HIDDEN_WIDTH = 768;

  private static final String SD15_DDIM = """
      {"_class_name": "DDIMScheduler", "beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear",
       "clip_sample": false, "set_alpha_to_one": false, "steps_offset": 1, "prediction_type": "epsilon",
       "timestep_spacing": "leading"}""";

  /**
   * What a simulated model counts against a memory budget: the weights of SD 1.5 in fp16 (U-Net 1.72 GB, text
   * encoder 0.25 GB, VAE decoder 0.10 GB), the least the real model would hold on the accelerator.
   */
  public static final long DECLARED_BYTES = 2_070_000_000L;

  private SimulatedModel() {}

  /** A simulated model named {@code id} whose native size is the cost model's (512x512 for the H100 curves). */
  public static DiffusionModel create(String id, CostModel costs) {
    return create(id, costs, AcceleratorTime.realTime());
  }

  /**
   * A simulated model whose calls take their time through {@code time}: real waits, or a {@link VirtualClock} for
   * deterministic scheduling experiments; {@code time.meter()} counts the busy time.
   */
  public static DiffusionModel create(String id, CostModel costs, AcceleratorTime time) {
    SimulatedDecoder vae = new SimulatedDecoder(costs, time);
    int side = costs.latentSize() * 8;
    return new DiffusionModel(new DiffusionModel.Parts(id, "simulated SD 1.5 (" + costs.name() + ")",
        OrtEnvironment.getEnvironment(), new SimulatedPromptEncoder(costs, HIDDEN_WIDTH, time),
        new SimulatedDenoiser(costs, HIDDEN_WIDTH, time), vae, vae, new VaeConfig(0.18215, 0, null, null),
        SchedulerConfig.parse(SD15_DDIM, "simulated SD 1.5 scheduler"), SchedulerKind.DDIM, 8, side, side,
        costs.latentMultiple()));
  }
}
