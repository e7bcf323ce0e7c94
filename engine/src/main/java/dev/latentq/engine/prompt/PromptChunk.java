package dev.latentq.engine.prompt;

import java.util.Arrays;

/**
 * One window of a chunked prompt as the text encoder takes it: start id, 75 ids (content, then end-token
 * padding), end id, with one emphasis weight per id (1 for the framing and padding ids).
 *
 * @param ids 77 ids, padded with the end id (A1111's form)
 * @param weights one per id, doubles as A1111 computes them (applied in float32)
 */
public record PromptChunk(int[] ids, double[] weights) {
  public PromptChunk {
    if (ids.length != weights.length) {
      throw new IllegalArgumentException(ids.length + " ids but " + weights.length + " weights");
    }
  }

  /** A chunk whose ids all have weight 1 (a plain prompt's single window). */
  public static PromptChunk unweighted(int[] ids) {
    double[] weights = new double[ids.length];
    Arrays.fill(weights, 1.0);
    return new PromptChunk(ids, weights);
  }

  /** True when emphasis leaves the chunk's embeddings unchanged. */
  public boolean unweighted() {
    for (double w : weights) {
      if (w != 1.0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The ids an encoder whose tokenizer pads with {@code padId} receives: every id after the first {@code endId}
   * becomes {@code padId} (A1111 does this for pad-0 encoders such as SDXL's second). A copy.
   */
  public int[] idsPaddedWith(int endId, int padId) {
    int[] out = ids.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == endId) {
        Arrays.fill(out, i + 1, out.length, padId);
        break;
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PromptChunk that && Arrays.equals(ids, that.ids) && Arrays.equals(weights, that.weights);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ids) + Arrays.hashCode(weights);
  }

  @Override
  public String toString() {
    return "PromptChunk[ids=" + Arrays.toString(ids) + ", weights=" + Arrays.toString(weights) + "]";
  }
}
