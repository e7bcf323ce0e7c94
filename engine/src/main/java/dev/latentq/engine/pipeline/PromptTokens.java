package dev.latentq.engine.pipeline;

import dev.latentq.engine.prompt.PromptSyntax;

/**
 * How a model's tokenizer(s) cut prompts into rows: what intake checks prompts against, without the text encoders.
 * Safe to call from any thread.
 */
public interface PromptTokens {
  /**
   * How many {@link #sequenceLength()}-token chunks each conditioning row will have (positive and negative are
   * padded to the same count). Tokenizes only.
   *
   * @param guided whether classifier-free guidance runs (then the negative prompt counts too)
   * @throws IllegalArgumentException when the prompt cannot be read with {@code syntax}
   */
  int chunks(String prompt, String negativePrompt, PromptSyntax syntax, boolean guided);

  /** Tokens per chunk (77 for CLIP); a row holds a whole number of chunks. */
  int sequenceLength();

  /** Whether the tokenizer would cut {@code prompt} read as plain text (worth a warning to the user). */
  boolean truncates(String prompt);
}
