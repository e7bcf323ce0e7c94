package dev.latentq.engine.lora;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import java.util.Collections;
import java.util.Map;

/**
 * Patched initializers of one model file, as native tensors to override the originals when a session is created
 * ({@code SessionOptions.addInitializer}). ONNX Runtime uses the tensors' memory without copying it, so they must
 * stay open for as long as the session: close them after closing the session.
 *
 * @param bytes the patched weights' size in memory
 */
public record PatchedWeights(Map<String, OnnxTensor> tensors, long bytes) implements AutoCloseable {
  public static final PatchedWeights NONE = new PatchedWeights(Map.of(), 0);

  public PatchedWeights {
    tensors = Collections.unmodifiableMap(tensors);
  }

  public boolean isEmpty() {
    return tensors.isEmpty();
  }

  /** The overrides in the form {@code SessionOptions.addInitializer} takes. */
  public Map<String, OnnxTensorLike> overrides() {
    return Collections.unmodifiableMap(tensors);
  }

  @Override
  public void close() {
    tensors.values().forEach(OnnxTensor::close);
  }
}
