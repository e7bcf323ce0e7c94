package dev.latentq.engine.model;

/** ONNX Runtime failed while running a loaded model (out of memory, a shape the export cannot take, …). */
public final class InferenceException extends RuntimeException {
  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
