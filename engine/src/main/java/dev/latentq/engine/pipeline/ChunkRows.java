package dev.latentq.engine.pipeline;

import java.util.function.Supplier;

/**
 * Lays a prompt's chunk embeddings end to end along the token axis and pads the row with copies of the
 * empty-prompt chunk up to the count of the other half of the guidance pair (A1111's {@code pad_cond_uncond}).
 */
final class ChunkRows {
  private ChunkRows() {
  }

  /**
   * @param states encoder output holding consecutive chunks of {@code chunkValues} floats each
   * @param first index of the prompt's first chunk in {@code states}
   * @param count the prompt's chunks
   * @param target chunks the row must have ({@code >= count})
   * @param empty the empty prompt's chunk, asked for only when padding is needed
   */
  static float[] row(float[] states, int first, int count, int target, int chunkValues, Supplier<float[]> empty) {
    float[] row = new float[target * chunkValues];
    System.arraycopy(states, first * chunkValues, row, 0, count * chunkValues);
    for (int k = count; k < target; k++) {
      System.arraycopy(empty.get(), 0, row, k * chunkValues, chunkValues);
    }
    return row;
  }
}
