package dev.latentq.engine.model;

/**
 * Runs the U-Net over the first {@code rows} rows of prepared buffers, writing the prediction into
 * {@link UNetBuffers#output()}. The ONNX implementation is {@link UNet}; a cost-model implementation lets the
 * whole service run without an accelerator. Called from the engine thread only.
 */
public interface Denoiser extends AutoCloseable {
  UNetSignature signature();

  void run(UNetBuffers buffers, int rows);
}
