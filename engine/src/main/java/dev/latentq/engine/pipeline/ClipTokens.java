package dev.latentq.engine.pipeline;

import dev.latentq.engine.model.ModelLoadException;
import dev.latentq.engine.prompt.PromptChunker;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.tokenizer.ClipTokenizer;

/**
 * The CLIP tokenizer(s) of an export and how they count prompt chunks: one tokenizer for SD 1.x/2.x, two for SDXL
 * (whose A1111 chunks come from the first, and whose empty negative prompt is no chunk of its own when the model
 * zeroes it). Shared by the prompt encoders and a model's {@link ModelProfile}, so both count alike.
 */
final class ClipTokens implements PromptTokens {
  private final ClipTokenizer first;
  private final ClipTokenizer second;
  private final boolean zerosForEmptyNegative;
  private final PromptChunker chunker;

  private ClipTokens(ClipTokenizer first, ClipTokenizer second, boolean zerosForEmptyNegative) {
    this.first = first;
    this.second = second;
    this.zerosForEmptyNegative = zerosForEmptyNegative;
    this.chunker = new PromptChunker(first);
  }

  /** SD 1.x/2.x: one tokenizer. */
  static ClipTokens single(ClipTokenizer tokenizer) {
    return new ClipTokens(tokenizer, null, false);
  }

  /** SDXL: {@code tokenizer} and {@code tokenizer_2}, which must agree on the prompt length. */
  static ClipTokens pair(ClipTokenizer first, ClipTokenizer second, boolean zerosForEmptyNegative) {
    if (first.maxLength() != second.maxLength()) {
      throw new ModelLoadException("tokenizer and tokenizer_2 disagree on the prompt length ("
          + first.maxLength() + " vs " + second.maxLength() + ")");
    }
    return new ClipTokens(first, second, zerosForEmptyNegative);
  }

  ClipTokenizer first() {
    return first;
  }

  /** {@code tokenizer_2}, or null for a single-encoder model. */
  ClipTokenizer second() {
    return second;
  }

  boolean zerosForEmptyNegative() {
    return zerosForEmptyNegative;
  }

  PromptChunker chunker() {
    return chunker;
  }

  @Override
  public int chunks(String prompt, String negativePrompt, PromptSyntax syntax, boolean guided) {
    if (syntax == PromptSyntax.PLAIN) {
      return 1;
    }
    int chunks = chunker.chunk(prompt).chunks().size();
    if (!guided || (zerosForEmptyNegative && negativePrompt.isEmpty())) {
      return chunks;
    }
    return Math.max(chunks, chunker.chunk(negativePrompt).chunks().size());
  }

  @Override
  public int sequenceLength() {
    return first.maxLength();
  }

  @Override
  public boolean truncates(String prompt) {
    return first.encode(prompt).truncated() || (second != null && second.encode(prompt).truncated());
  }
}
