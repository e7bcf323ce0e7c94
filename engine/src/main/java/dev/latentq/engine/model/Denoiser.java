package dev.latentq.engine.model;

import java.util.OptionalDouble;

/**
 * Runs the U-Net over the first {@code rows} rows of prepared buffers, writing the prediction into
 * {@link UNetBuffers#output()}. The ONNX implementation is {@link UNet}; a cost-model implementation lets the
 * whole service run without an accelerator. Called from the engine thread only.
 */
public interface Denoiser extends AutoCloseable {
  UNetSignature signature();

  void run(UNetBuffers buffers, int rows);

  /**
   * What one call of {@code rows} rows at this latent size is expected to take, when the implementation knows (a
   * cost model); empty otherwise. The engine's step latency budget uses it.
   */
  default OptionalDouble expectedMillis(int rows, int latentHeight, int latentWidth) {
    return OptionalDouble.empty();
  }
}
