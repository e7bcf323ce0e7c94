package dev.latentq.engine.model;

import ai.onnxruntime.OnnxJavaType;
import dev.latentq.engine.tensor.ElementType;
import java.util.Map;

/**
 * What a U-Net export expects, read from its session: element types, the timestep's form, conditioning widths
 * and the optional SDXL ({@code text_embeds}, {@code time_ids}) and LCM ({@code timestep_cond}) inputs.
 *
 * @param crossAttentionDim width of {@code encoder_hidden_states}, -1 when the export leaves it dynamic
 * @param textEmbeds pooled text embedding input (SDXL), or null
 * @param timeIds micro-conditioning input (SDXL), or null
 * @param timestepCond guidance embedding input (LCM), or null
 * @param sequenceLength tokens {@code encoder_hidden_states} must have when the export fixes them, -1 when the axis
 *     is dynamic (long A1111 prompts need a dynamic axis)
 * @param inputChannels channels of the {@code sample} input: {@code latentChannels}, or
 *     {@code 2 * latentChannels + 1} for inpainting U-Nets (latents, mask, masked-image latents)
 */
public record UNetSignature(
    ElementType sampleType,
    int latentChannels,
    OnnxJavaType timestepType,
    boolean scalarTimestep,
    ElementType hiddenStatesType,
    int crossAttentionDim,
    Extra textEmbeds,
    Extra timeIds,
    Extra timestepCond,
    String outputName,
    ElementType outputType,
    int sequenceLength,
    int inputChannels) {

  /** A U-Net whose {@code encoder_hidden_states} takes any number of tokens and whose input is its latents alone. */
  public UNetSignature(ElementType sampleType, int latentChannels, OnnxJavaType timestepType, boolean scalarTimestep,
      ElementType hiddenStatesType, int crossAttentionDim, Extra textEmbeds, Extra timeIds, Extra timestepCond,
      String outputName, ElementType outputType) {
    this(sampleType, latentChannels, timestepType, scalarTimestep, hiddenStatesType, crossAttentionDim, textEmbeds,
        timeIds, timestepCond, outputName, outputType, -1, latentChannels);
  }

  /**
   * True for dedicated inpainting U-Nets, whose input adds the mask and the masked image's latents to the
   * latents (read from the session's input shape, never configured).
   */
  public boolean inpainting() {
    return inputChannels != latentChannels;
  }

  /** An optional per-row input of fixed width. */
  public record Extra(String name, ElementType type, int width) {}

  /** Reads and checks a U-Net's inputs and outputs. */
  public static UNetSignature read(Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {
    TensorSpec sample = required(inputs, "sample", 4);
    TensorSpec timestep = inputs.get("timestep");
    if (timestep == null || timestep.rank() > 1) {
      throw new ModelLoadException("unet/model.onnx must take 'timestep' as a scalar or a [batch] tensor; inputs are "
          + inputs.values());
    }
    TensorSpec hidden = required(inputs, "encoder_hidden_states", 3);
    if (outputs.size() != 1) {
      throw new ModelLoadException("unet/model.onnx must have exactly one output (the predicted noise); it has "
          + outputs.values());
    }
    TensorSpec out = outputs.values().iterator().next();
    long in = sample.dim(1);
    long returned = out.dim(1);
    int latent = returned != -1 ? (int) returned : in == -1 ? 4 : in == 9 ? 4 : (int) in;
    int input = in == -1 ? latent : (int) in;
    if (input != latent && input != 2 * latent + 1) {
      throw new ModelLoadException("unet/model.onnx takes " + input + " input channels but returns " + latent
          + "; supported are noise-predicting U-Nets (in = out channels) and inpainting U-Nets (in = 2 * out + 1:"
          + " latents, mask, masked-image latents)");
    }
    for (String name : inputs.keySet()) {
      if (!KNOWN_INPUTS.containsKey(name)) {
        throw new ModelLoadException("unet/model.onnx has an input '" + name + "' this engine does not know how to"
            + " feed (known: " + KNOWN_INPUTS.keySet() + ")");
      }
    }
    Extra timeIds = extra(inputs, "time_ids");
    if (timeIds != null && timeIds.width() != 6) {
      throw new ModelLoadException("unet/model.onnx takes time_ids of width " + timeIds.width()
          + "; only 6 (SDXL base: original size, crop, target size) is supported — refiners with an aesthetic score"
          + " are not");
    }
    return new UNetSignature(
        ElementType.of(sample.type(), "unet input 'sample'"),
        latent,
        timestep.type(),
        timestep.rank() == 0,
        ElementType.of(hidden.type(), "unet input 'encoder_hidden_states'"),
        (int) hidden.lastDim(),
        extra(inputs, "text_embeds"),
        timeIds,
        extra(inputs, "timestep_cond"),
        out.name(),
        ElementType.of(out.type(), "unet output '" + out.name() + "'"),
        (int) hidden.dim(1),
        input);
  }

  private static final Map<String, Boolean> KNOWN_INPUTS = Map.of(
      "sample", true, "timestep", true, "encoder_hidden_states", true,
      "text_embeds", true, "time_ids", true, "timestep_cond", true);

  private static TensorSpec required(Map<String, TensorSpec> inputs, String name, int rank) {
    TensorSpec spec = inputs.get(name);
    if (spec == null || spec.rank() != rank) {
      throw new ModelLoadException("unet/model.onnx must take '" + name + "' as a rank-" + rank
          + " tensor; its inputs are " + inputs.values());
    }
    return spec;
  }

  private static Extra extra(Map<String, TensorSpec> inputs, String name) {
    TensorSpec spec = inputs.get(name);
    if (spec == null) {
      return null;
    }
    if (spec.rank() != 2 || spec.lastDim() < 1) {
      throw new ModelLoadException("unet/model.onnx input '" + name + "' must be [batch, width] with a fixed width;"
          + " it is " + spec);
    }
    return new Extra(name, ElementType.of(spec.type(), "unet input '" + name + "'"), (int) spec.lastDim());
  }
}
