package dev.latentq.engine.tensor;

import ai.onnxruntime.OnnxJavaType;

/** Floating-point element types a diffusion model's tensors may use. */
public enum ElementType {
  FLOAT32(4),
  FLOAT16(2);

  private final int bytes;

  ElementType(int bytes) {
    this.bytes = bytes;
  }

  /** Size of one element in bytes. */
  public int bytes() {
    return bytes;
  }

  /** Maps an ONNX Runtime element type; anything but float32/float16 is not a float tensor we can feed. */
  public static ElementType of(OnnxJavaType type, String what) {
    return switch (type) {
      case FLOAT -> FLOAT32;
      case FLOAT16 -> FLOAT16;
      default -> throw new IllegalArgumentException(
          what + " has element type " + type + "; only float32 and float16 tensors are supported");
    };
  }
}
