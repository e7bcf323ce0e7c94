package dev.latentq.engine.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where ONNX Runtime executes the models. CUDA and TensorRT need the {@code gpu} Maven profile's runtime. */
public enum ExecutionProvider {
  CPU,
  CUDA,
  TENSORRT;

  /** Parses {@code cpu}, {@code cuda} or {@code tensorrt} (any case). */
  public static ExecutionProvider fromName(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown execution provider '" + name + "': use one of "
          + Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")), e);
    }
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
