package dev.latentq.engine.prompt;

/**
 * A1111's emphasis "Original": multiply each token's embedding by its weight, then rescale the whole chunk so
 * that the mean over all its values is what it was before weighting. Float32 like the reference; the means are
 * summed in double (closer to the exact mean than float accumulation, far below the images' tolerance).
 */
public final class Emphasis {
  private Emphasis() {
  }

  /**
   * Weights one chunk in place.
   *
   * @param z embeddings, the chunk starting at {@code offset}: {@code weights.length} tokens of {@code width}
   * @param weights one per token; a chunk whose weights are all 1 is left untouched (A1111's ratio is exactly 1
   *     there, except that a zero mean would give 0/0)
   */
  public static void original(float[] z, int offset, int width, double[] weights) {
    boolean any = false;
    for (double w : weights) {
      any |= w != 1.0;
    }
    if (!any) {
      return;
    }
    int n = weights.length * width;
    float before = mean(z, offset, n);
    for (int t = 0; t < weights.length; t++) {
      float w = (float) weights[t];
      int from = offset + t * width;
      for (int i = from; i < from + width; i++) {
        z[i] = z[i] * w;
      }
    }
    float ratio = before / mean(z, offset, n);
    for (int i = offset; i < offset + n; i++) {
      z[i] = z[i] * ratio;
    }
  }

  private static float mean(float[] z, int offset, int n) {
    double sum = 0;
    for (int i = offset; i < offset + n; i++) {
      sum += z[i];
    }
    return (float) (sum / n);
  }
}
