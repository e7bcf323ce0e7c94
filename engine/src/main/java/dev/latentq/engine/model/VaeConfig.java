package dev.latentq.engine.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How latents map to the VAE's space: decode sees {@code latents / scalingFactor + shiftFactor}, or with
 * per-channel statistics {@code latents * std / scalingFactor + mean}, as diffusers' pipelines do.
 *
 * @param latentsMean per-channel means, or null
 * @param latentsStd per-channel standard deviations, or null
 */
public record VaeConfig(double scalingFactor, double shiftFactor, double[] latentsMean, double[] latentsStd) {
  /** The value diffusers' legacy ONNX pipeline hard-codes for SD 1.x/2.x, whose exports carry no VAE config. */
  public static final double LEGACY_SD_SCALING_FACTOR = 0.18215;

  public VaeConfig {
    if (!(scalingFactor > 0) || Double.isInfinite(scalingFactor)) {
      throw new ModelLoadException("VAE scaling_factor must be a positive number, got " + scalingFactor);
    }
    if ((latentsMean == null) != (latentsStd == null)) {
      throw new ModelLoadException("VAE config has only one of latents_mean / latents_std; both or neither");
    }
  }

  /** Reads {@code scaling_factor}, {@code shift_factor}, {@code latents_mean}, {@code latents_std}. */
  public static VaeConfig from(JsonNode config, String file) {
    JsonNode scaling = config.get("scaling_factor");
    if (scaling == null || !scaling.isNumber()) {
      throw new ModelLoadException(file + " has no numeric scaling_factor: add the VAE's scaling_factor"
          + " (0.18215 for SD 1.x/2.x, 0.13025 for SDXL)");
    }
    JsonNode shift = config.get("shift_factor");
    return new VaeConfig(scaling.asDouble(), shift != null && shift.isNumber() ? shift.asDouble() : 0.0,
        doubles(config.get("latents_mean")), doubles(config.get("latents_std")));
  }

  private static double[] doubles(JsonNode node) {
    if (node == null || !node.isArray()) {
      return null;
    }
    double[] values = new double[node.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = node.get(i).asDouble();
    }
    return values;
  }

  /** Latents (denoised) to VAE-decoder input, in place, channel-major {@code [channels, plane]}. */
  public void toDecoderInput(float[] latents, int offset, int channels, int plane) {
    for (int c = 0; c < channels; c++) {
      int base = offset + c * plane;
      if (latentsMean != null) {
        float std = (float) latentsStd[c];
        float mean = (float) latentsMean[c];
        float scale = (float) scalingFactor;
        for (int i = 0; i < plane; i++) {
          latents[base + i] = latents[base + i] * std / scale + mean;
        }
      } else {
        float scale = (float) scalingFactor;
        float shift = (float) shiftFactor;
        for (int i = 0; i < plane; i++) {
          latents[base + i] = latents[base + i] / scale + shift;
        }
      }
    }
  }

  /** VAE-encoder output to latents, in place: the inverse of {@link #toDecoderInput}. */
  public void fromEncoderOutput(float[] latents, int offset, int channels, int plane) {
    for (int c = 0; c < channels; c++) {
      int base = offset + c * plane;
      if (latentsMean != null) {
        float std = (float) latentsStd[c];
        float mean = (float) latentsMean[c];
        float scale = (float) scalingFactor;
        for (int i = 0; i < plane; i++) {
          latents[base + i] = (latents[base + i] - mean) * scale / std;
        }
      } else {
        float scale = (float) scalingFactor;
        float shift = (float) shiftFactor;
        for (int i = 0; i < plane; i++) {
          latents[base + i] = (latents[base + i] - shift) * scale;
        }
      }
    }
  }
}
