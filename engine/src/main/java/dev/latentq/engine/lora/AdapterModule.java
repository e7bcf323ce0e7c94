package dev.latentq.engine.lora;

/**
 * One adapted layer of a LoRA file: the low-rank pair and its alpha.
 *
 * @param key the file's key prefix for this layer, as written (for error messages)
 * @param component which model part it changes
 * @param name the layer's module path: dotted for diffusers/PEFT keys, with underscores for kohya keys (whose
 *     {@code .}-to-{@code _} mapping cannot be reversed), without the component prefix
 * @param kohyaNaming whether {@code name} uses underscores
 * @param down {@code lora_down}/{@code lora_A} values, shape {@code [rank, in, (kh, kw)]}
 * @param up {@code lora_up}/{@code lora_B} values, shape {@code [out, rank, (1, 1)]}
 * @param alpha the layer's alpha, or NaN when the file gives none (then alpha = rank)
 */
public record AdapterModule(String key, Component component, String name, boolean kohyaNaming, float[] down,
    long[] downShape, float[] up, long[] upShape, double alpha) {

  public int rank() {
    return (int) downShape[0];
  }

  /** The factor diffusers applies to {@code up . down}: alpha / rank (1 without alpha). */
  public double alphaOverRank() {
    return Double.isNaN(alpha) ? 1.0 : alpha / rank();
  }
}
