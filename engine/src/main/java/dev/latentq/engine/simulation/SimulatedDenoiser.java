package dev.latentq.engine.simulation;

import ai.onnxruntime.OnnxJavaType;
import dev.latentq.engine.model.Denoiser;
import dev.latentq.engine.model.UNetBuffers;
import dev.latentq.engine.model.UNetSignature;
import dev.latentq.engine.tensor.ElementType;
import java.util.OptionalDouble;

/**
 * A U-Net that takes the cost model's time for a call of that many rows and predicts zero noise. Everything
 * around it — packing, guidance, schedulers, batching — runs for real.
 */
final class SimulatedDenoiser implements Denoiser {
  private final CostModel costs;
  private final AcceleratorTime time;
  private final UNetSignature signature;

  SimulatedDenoiser(CostModel costs, int hiddenWidth, AcceleratorTime time) {
    this.costs = costs;
    this.time = time;
    this.signature = new UNetSignature(ElementType.FLOAT32, 4, OnnxJavaType.FLOAT, false, ElementType.FLOAT32,
        hiddenWidth, null, null, null, "out_sample", ElementType.FLOAT32);
  }

  @Override
  public UNetSignature signature() {
    return signature;
  }

  @Override
  public void run(UNetBuffers buffers, int rows) {
    time.spend(AcceleratorMeter.Component.UNET, costs.unet().millis(rows) * costs.areaScale(buffers.latentHeight(), buffers.latentWidth()));
  }

  @Override
  public OptionalDouble expectedMillis(int rows, int latentHeight, int latentWidth) {
    return OptionalDouble.of(costs.unet().millis(rows) * costs.areaScale(latentHeight, latentWidth));
  }

  @Override
  public void close() {
  }
}
