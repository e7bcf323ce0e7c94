package dev.latentq.engine.pipeline;

/**
 * The LCM U-Net's {@code timestep_cond}: a sinusoidal embedding of {@code w = (guidance - 1) * 1000}, half
 * sines then half cosines, frequencies {@code exp(-ln(10000) * k / (half - 1))}, zero-padded to an odd width —
 * diffusers' {@code get_guidance_scale_embedding}, computed in float32 like PyTorch does.
 */
public final class GuidanceEmbedding {
  private GuidanceEmbedding() {}

  public static float[] of(double guidanceScale, int width) {
    if (width < 4) {
      throw new IllegalArgumentException("guidance embedding width must be >= 4, got " + width);
    }
    float w = (float) (guidanceScale - 1.0) * 1000f;
    int half = width / 2;
    float logStep = (float) Math.log(10000.0) / (half - 1);
    float[] out = new float[width];
    for (int k = 0; k < half; k++) {
      float frequency = (float) Math.exp(k * -logStep);
      float angle = w * frequency;
      out[k] = (float) Math.sin(angle);
      out[half + k] = (float) Math.cos(angle);
    }
    return out;
  }
}
