package dev.latentq.engine.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Name, element type and shape of one session input or output, as the export declares them.
 *
 * @param shape dimensions; -1 marks a dynamic one
 */
public record TensorSpec(String name, OnnxJavaType type, long[] shape) {
  public int rank() {
    return shape.length;
  }

  /** Dimension {@code i}, or -1 when dynamic or absent. */
  public long dim(int i) {
    return i < shape.length ? shape[i] : -1;
  }

  /** The last dimension, or -1 when dynamic. */
  public long lastDim() {
    return shape.length == 0 ? -1 : shape[shape.length - 1];
  }

  @Override
  public String toString() {
    return name + " " + type + Arrays.toString(shape);
  }

  /** Reads every tensor entry of a session's input or output info, keeping declaration order. */
  static Map<String, TensorSpec> of(Map<String, NodeInfo> infos, String component) {
    Map<String, TensorSpec> specs = new LinkedHashMap<>();
    for (Map.Entry<String, NodeInfo> e : infos.entrySet()) {
      if (!(e.getValue().getInfo() instanceof TensorInfo t)) {
        throw new ModelLoadException(component + " declares '" + e.getKey() + "' as " + e.getValue().getInfo()
            + "; only tensor inputs and outputs are supported");
      }
      specs.put(e.getKey(), new TensorSpec(e.getKey(), t.type, t.getShape()));
    }
    return specs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec other && name.equals(other.name) && type == other.type
        && Arrays.equals(shape, other.shape);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + type.hashCode()) + Arrays.hashCode(shape);
  }
}
