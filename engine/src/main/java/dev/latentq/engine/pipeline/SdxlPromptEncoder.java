package dev.latentq.engine.pipeline;

import dev.latentq.engine.model.ModelLoadException;
import dev.latentq.engine.model.TextEncoder;
import dev.latentq.engine.tokenizer.ClipTokenizer;
import java.util.Map;
import java.util.Set;

/**
 * SDXL conditioning: the penultimate hidden states of both CLIP encoders concatenated per token, the pooled
 * {@code text_embeds} of the second encoder, and {@code time_ids = [h, w, 0, 0, h, w]}. With
 * {@code force_zeros_for_empty_prompt} an empty negative prompt becomes all-zero embeddings, as diffusers does.
 */
public final class SdxlPromptEncoder implements PromptEncoder {
  private static final String POOLED = "text_embeds";

  private final ClipTokenizer tokenizer1;
  private final TextEncoder encoder1;
  private final ClipTokenizer tokenizer2;
  private final TextEncoder encoder2;
  private final boolean zerosForEmptyNegative;
  private final String hidden1;
  private final String hidden2;
  private final int width1;
  private final int width2;
  private final int pooledWidth;

  public SdxlPromptEncoder(ClipTokenizer tokenizer1, TextEncoder encoder1, ClipTokenizer tokenizer2,
      TextEncoder encoder2, boolean zerosForEmptyNegative) {
    this.tokenizer1 = tokenizer1;
    this.encoder1 = encoder1;
    this.tokenizer2 = tokenizer2;
    this.encoder2 = encoder2;
    this.zerosForEmptyNegative = zerosForEmptyNegative;
    this.hidden1 = penultimate(encoder1);
    this.hidden2 = penultimate(encoder2);
    ClipPromptEncoder.requireOutput(encoder2, POOLED, "SDXL's pooled text embedding");
    if (tokenizer1.maxLength() != tokenizer2.maxLength()) {
      throw new ModelLoadException("tokenizer and tokenizer_2 disagree on the prompt length ("
          + tokenizer1.maxLength() + " vs " + tokenizer2.maxLength() + ")");
    }
    Map<String, float[]> probe1 = encoder1.encode(new int[][] {tokenizer1.encode("").ids()}, Set.of(hidden1));
    Map<String, float[]> probe2 = encoder2.encode(new int[][] {tokenizer2.encode("").ids()}, Set.of(hidden2, POOLED));
    this.width1 = probe1.get(hidden1).length / sequenceLength();
    this.width2 = probe2.get(hidden2).length / sequenceLength();
    this.pooledWidth = probe2.get(POOLED).length;
  }

  /**
   * The same tokenizers and settings with other encoder sessions (LoRA-patched); null keeps the current one. The
   * result shares sessions with this encoder: close only the sessions it was given.
   */
  SdxlPromptEncoder withEncoders(TextEncoder first, TextEncoder second) {
    return new SdxlPromptEncoder(tokenizer1, first == null ? encoder1 : first, tokenizer2,
        second == null ? encoder2 : second, zerosForEmptyNegative);
  }

  private static String penultimate(TextEncoder encoder) {
    int last = encoder.lastHiddenStateIndex();
    if (last < 1) {
      throw new ModelLoadException(encoder.component() + "/model.onnx has no hidden_states.N outputs: SDXL needs"
          + " the penultimate layer, so export the text encoders with output_hidden_states (Optimum does this"
          + " for SDXL)");
    }
    return "hidden_states." + (last - 1);
  }

  @Override
  public Conditioning encode(String prompt, String negativePrompt, boolean guided, int height, int width) {
    float[] timeIds = {height, width, 0, 0, height, width};
    boolean zeroNegative = guided && zerosForEmptyNegative && negativePrompt.isEmpty();
    boolean encodeNegative = guided && !zeroNegative;
    int[][] ids1 = encodeNegative
        ? new int[][] {tokenizer1.encode(negativePrompt).ids(), tokenizer1.encode(prompt).ids()}
        : new int[][] {tokenizer1.encode(prompt).ids()};
    int[][] ids2 = encodeNegative
        ? new int[][] {tokenizer2.encode(negativePrompt).ids(), tokenizer2.encode(prompt).ids()}
        : new int[][] {tokenizer2.encode(prompt).ids()};
    float[] states1 = encoder1.encode(ids1, Set.of(hidden1)).get(hidden1);
    Map<String, float[]> out2 = encoder2.encode(ids2, Set.of(hidden2, POOLED));
    float[] states2 = out2.get(hidden2);
    float[] pooled = out2.get(POOLED);
    int last = ids1.length - 1;
    RowConditioning positive = new RowConditioning(concat(states1, states2, last),
        ClipPromptEncoder.slice(pooled, last * pooledWidth, pooledWidth), timeIds, null);
    if (!guided) {
      return new Conditioning(positive, null);
    }
    RowConditioning negative = zeroNegative
        ? new RowConditioning(new float[sequenceLength() * hiddenWidth()], new float[pooledWidth], timeIds, null)
        : new RowConditioning(concat(states1, states2, 0), ClipPromptEncoder.slice(pooled, 0, pooledWidth),
            timeIds, null);
    return new Conditioning(positive, negative);
  }

  /** Row {@code row} of both encoders' states, concatenated token by token along the embedding axis. */
  private float[] concat(float[] states1, float[] states2, int row) {
    int tokens = sequenceLength();
    float[] out = new float[tokens * (width1 + width2)];
    for (int t = 0; t < tokens; t++) {
      System.arraycopy(states1, (row * tokens + t) * width1, out, t * (width1 + width2), width1);
      System.arraycopy(states2, (row * tokens + t) * width2, out, t * (width1 + width2) + width1, width2);
    }
    return out;
  }

  /** Width of the pooled embedding (the U-Net's {@code text_embeds}). */
  public int pooledWidth() {
    return pooledWidth;
  }

  @Override
  public int sequenceLength() {
    return tokenizer1.maxLength();
  }

  @Override
  public int hiddenWidth() {
    return width1 + width2;
  }

  @Override
  public boolean truncates(String prompt) {
    return tokenizer1.encode(prompt).truncated() || tokenizer2.encode(prompt).truncated();
  }

  @Override
  public void close() throws Exception {
    try (encoder1; encoder2) {
      // both sessions closed, the second even if the first fails
    }
  }
}
