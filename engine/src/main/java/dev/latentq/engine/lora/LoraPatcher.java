package dev.latentq.engine.lora;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.latentq.engine.onnx.proto.OnnxProto.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges LoRAs into one model file's weights the way diffusers' {@code fuse_lora} does:
 * {@code W' = W + Σ scale·(alpha/rank)·(up · down)}, computed in float32 and written in the initializer's own
 * layout (transposed for MatMul, as is for Gemm with {@code transB}, per kernel position for Conv) and type.
 */
public final class LoraPatcher {
  private final OrtEnvironment env;

  public LoraPatcher(OrtEnvironment env) {
    this.env = env;
  }

  /** A LoRA module with the strength it is applied at. */
  public record Scaled(AdapterModule module, double scale, String file) {}

  /**
   * The patched initializers of {@code weights} for {@code modules} (all of one component). Every module must
   * match exactly one adaptable layer and fit its shape; otherwise nothing is built and the error names the key
   * and the weight.
   */
  public PatchedWeights patch(OnnxWeights weights, List<Scaled> modules) {
    if (modules.isEmpty()) {
      return PatchedWeights.NONE;
    }
    weights.requireAdaptable();
    // Keyed by module path: slots hold protobuf messages whose equals would compare weight bytes.
    Map<String, List<Scaled>> bySlot = new LinkedHashMap<>();
    Map<String, WeightSlot> slots = new LinkedHashMap<>();
    for (Scaled s : modules) {
      WeightSlot slot = weights.find(s.module());
      if (slot == null) {
        throw new LoraException(s.file() + ": LoRA key '" + s.module().key() + "' matches no weight of "
            + weights.file() + " (no MatMul/Gemm/Conv node has the module path " + (s.module().kohyaNaming()
            ? "that reads '" + s.module().name() + "' with . as _" : "'" + s.module().name() + "'")
            + "; the model's layers are named like " + weights.examples(3) + "): the LoRA was made for another"
            + " model architecture, or uses layer names LatentQ does not map");
      }
      if (slot.consumers() != 1) {
        throw new LoraException(s.file() + ": LoRA key '" + s.module().key() + "' targets weight '"
            + slot.tensor().getName() + "' of " + slot.node() + ", which " + slot.consumers() + " nodes share in "
            + weights.file() + "; patching it would change other layers too: re-export the model without"
            + " de-duplicating weights");
      }
      checkShape(weights, slot, s);
      bySlot.computeIfAbsent(slot.module(), k -> new ArrayList<>()).add(s);
      slots.put(slot.module(), slot);
    }
    Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
    long bytes = 0;
    try {
      for (Map.Entry<String, List<Scaled>> e : bySlot.entrySet()) {
        WeightSlot slot = slots.get(e.getKey());
        float[] w = weights.values(slot);
        for (Scaled s : e.getValue()) {
          addDelta(w, slot, s.module(), s.scale() * s.module().alphaOverRank());
        }
        OnnxTensor tensor = tensor(slot, w);
        tensors.put(slot.tensor().getName(), tensor);
        bytes += slot.elements() * elementBytes(slot);
      }
    } catch (OrtException | RuntimeException e) {
      tensors.values().forEach(OnnxTensor::close);
      if (e instanceof LoraException l) {
        throw l;
      }
      throw new LoraException("cannot build patched weights for " + weights.file() + ": " + e.getMessage(), e);
    }
    return new PatchedWeights(tensors, bytes);
  }

  private static void checkShape(OnnxWeights weights, WeightSlot slot, Scaled s) {
    AdapterModule m = s.module();
    long downInner = m.down().length / Math.max(1, m.rank());
    boolean upTailOnes = true;
    for (int i = 2; i < m.upShape().length; i++) {
      upTailOnes &= m.upShape()[i] == 1;
    }
    if (m.upShape()[0] != slot.out() || downInner != slot.inner() || !upTailOnes) {
      String sdxlHint = "";
      if (slot.module().endsWith("attn2.to_k") || slot.module().endsWith("attn2.to_v")) {
        sdxlHint = " The LoRA's cross-attention takes width " + downInner + ", the model's " + slot.inner()
            + (downInner == 2048 ? ": the LoRA was made for SDXL and cannot apply to this SD 1.x/2.x model"
            : downInner == 768 || downInner == 1024 ? ": the LoRA was made for SD 1.x/2.x, not this model" : "")
            + ".";
      }
      throw new LoraException(s.file() + ": LoRA key '" + m.key() + "' (down " + LoraAdapter.shape(m.downShape())
          + ", up " + LoraAdapter.shape(m.upShape()) + ") does not fit weight '" + slot.tensor().getName() + "' of "
          + slot.node() + " in " + weights.file() + " (" + slot.out() + " outputs x " + slot.inner()
          + " inputs per output)." + sdxlHint + " Use a LoRA made for this model's architecture");
    }
  }

  /** {@code w[o, j] += factor · Σ_k up[o, k] · down[k, j]} in the slot's layout. */
  static void addDelta(float[] w, WeightSlot slot, AdapterModule m, double factor) {
    int rank = m.rank();
    int out = (int) slot.out();
    int inner = (int) slot.inner();
    float[] down = m.down();
    float[] up = m.up();
    float f = (float) factor;
    float[] row = new float[inner];
    for (int o = 0; o < out; o++) {
      Arrays.fill(row, 0f);
      for (int k = 0; k < rank; k++) {
        float u = up[o * rank + k];
        if (u == 0f) {
          continue;
        }
        int base = k * inner;
        for (int j = 0; j < inner; j++) {
          row[j] += u * down[base + j];
        }
      }
      for (int j = 0; j < inner; j++) {
        w[slot.index(o, j)] += f * row[j];
      }
    }
  }

  private OnnxTensor tensor(WeightSlot slot, float[] values) throws OrtException {
    boolean half = slot.tensor().getDataType() == TensorProto.DataType.FLOAT16_VALUE;
    ByteBuffer buffer = ByteBuffer.allocateDirect(values.length * (half ? 2 : 4)).order(ByteOrder.nativeOrder());
    if (half) {
      for (float v : values) {
        buffer.putShort(Float.floatToFloat16(v));
      }
      buffer.flip();
      return OnnxTensor.createTensor(env, buffer, slot.dims(), OnnxJavaType.FLOAT16);
    }
    buffer.asFloatBuffer().put(values);
    return OnnxTensor.createTensor(env, buffer.asFloatBuffer(), slot.dims());
  }

  private static int elementBytes(WeightSlot slot) {
    return slot.tensor().getDataType() == TensorProto.DataType.FLOAT16_VALUE ? 2 : 4;
  }
}
