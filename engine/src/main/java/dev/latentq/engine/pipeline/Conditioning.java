package dev.latentq.engine.pipeline;

/**
 * A job's text conditioning.
 *
 * @param positive the prompt's row
 * @param negative the negative prompt's row when classifier-free guidance runs, else null
 */
public record Conditioning(RowConditioning positive, RowConditioning negative) {
  /** True when each sample takes two U-Net rows (unconditional and conditional). */
  public boolean guided() {
    return negative != null;
  }

  public int rowsPerSample() {
    return guided() ? 2 : 1;
  }

  /** Tokens per row (77 per prompt chunk), given the model's embedding width. */
  public int tokens(int hiddenWidth) {
    return positive.hiddenStates().length / hiddenWidth;
  }
}
