package dev.latentq.engine.simulation;

import dev.latentq.engine.pipeline.Conditioning;
import dev.latentq.engine.pipeline.PromptEncoder;
import dev.latentq.engine.pipeline.RowConditioning;
import dev.latentq.engine.prompt.PromptSyntax;
import java.util.ArrayList;
import java.util.List;

/** A text encoder that takes the cost model's time and returns all-zero CLIP-shaped embeddings. */
final class SimulatedPromptEncoder implements PromptEncoder {
  static final int TOKENS = 77;

  private final CostModel costs;
  private final AcceleratorTime time;
  private final int width;

  SimulatedPromptEncoder(CostModel costs, int width, AcceleratorTime time) {
    this.costs = costs;
    this.time = time;
    this.width = width;
  }

  @Override
  public Conditioning encode(String prompt, String negativePrompt, PromptSyntax syntax, boolean guided, int height,
      int imageWidth) {
    time.spend(AcceleratorMeter.Component.TEXT_ENCODER, costs.textEncoder().millis(guided ? 2 : 1));
    return zeros(guided);
  }

  /** One text-encoder call for every prompt (and negative prompt) of the jobs joining together. */
  @Override
  public List<Conditioning> encodeAll(List<Prompt> prompts) {
    int rows = 0;
    for (Prompt p : prompts) {
      rows += p.guided() ? 2 : 1;
    }
    time.spend(AcceleratorMeter.Component.TEXT_ENCODER, costs.textEncoder().millis(rows));
    List<Conditioning> out = new ArrayList<>(prompts.size());
    for (Prompt p : prompts) {
      out.add(zeros(p.guided()));
    }
    return out;
  }

  @Override
  public boolean encodesTogether() {
    return true;
  }

  private Conditioning zeros(boolean guided) {
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
