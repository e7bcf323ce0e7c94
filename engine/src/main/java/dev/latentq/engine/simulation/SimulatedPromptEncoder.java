package dev.latentq.engine.simulation;

import dev.latentq.engine.pipeline.Conditioning;
import dev.latentq.engine.pipeline.PromptEncoder;
import dev.latentq.engine.pipeline.RowConditioning;
import dev.latentq.engine.prompt.PromptSyntax;

/** A text encoder that takes the cost model's time and returns all-zero CLIP-shaped embeddings. */
final class SimulatedPromptEncoder implements PromptEncoder {
  static final int TOKENS = 77;

  private final CostModel costs;
  private final int width;

  SimulatedPromptEncoder(CostModel costs, int width) {
    this.costs = costs;
    this.width = width;
  }

  @Override
  public Conditioning encode(String prompt, String negativePrompt, PromptSyntax syntax, boolean guided, int height,
      int imageWidth) {
    SimulatedTime.spend(costs.textEncoder().millis(guided ? 2 : 1));
    RowConditioning positive = new RowConditioning(new float[TOKENS * width], null, null, null);
    return new Conditioning(positive, guided ? new RowConditioning(new float[TOKENS * width], null, null, null) : null);
  }

  @Override
  public int sequenceLength() {
    return TOKENS;
  }

  @Override
  public int hiddenWidth() {
    return width;
  }

  @Override
  public boolean truncates(String prompt) {
    return false;
  }

  @Override
  public void close() {
  }
}
