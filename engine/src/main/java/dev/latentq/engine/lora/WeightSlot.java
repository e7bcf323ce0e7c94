package dev.latentq.engine.lora;

import dev.latentq.engine.onnx.proto.OnnxProto.TensorProto;

/**
 * An ONNX initializer that is the weight of one adaptable layer.
 *
 * @param module the layer's module path ({@code down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q}), with
 *     a leading {@code text_model.} removed
 * @param node the node it feeds, for messages
 * @param layout how the initializer stores the layer's {@code [out, in…]} weight
 * @param dims the initializer's shape
 * @param consumers how many node inputs read it (more than one: patching it would change other layers too)
 */
public record WeightSlot(String module, String node, Layout layout, long[] dims, int consumers, TensorProto tensor) {

  /** How a layer's {@code [out, in…]} weight is laid out in the initializer. */
  public enum Layout {
    /** {@code [in, out]}: MatMul (Linear constant-folded and transposed), or Gemm without transB. */
    IN_OUT,
    /** {@code [out, in]}: Gemm with {@code transB=1}. */
    OUT_IN,
    /** {@code [out, in, kh, kw]}: Conv. */
    CONV
  }

  /** Output channels (rows of the PyTorch weight). */
  public long out() {
    return layout == Layout.IN_OUT ? dims[1] : dims[0];
  }

  /** Input values per output channel ({@code in}, or {@code in*kh*kw} for Conv). */
  public long inner() {
    return layout == Layout.IN_OUT ? dims[0] : elements() / dims[0];
  }

  public long elements() {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  /** The element index of PyTorch weight entry {@code [o, j]} ({@code j} over {@code in…} flattened). */
  int index(int o, int j) {
    return layout == Layout.IN_OUT ? j * (int) dims[1] + o : o * (int) inner() + j;
  }
}
