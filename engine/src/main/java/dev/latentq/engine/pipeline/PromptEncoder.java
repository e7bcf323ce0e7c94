package dev.latentq.engine.pipeline;

/**
 * Turns a prompt pair into U-Net conditioning: tokenizers plus text encoder(s), arranged the way the model
 * family expects. Called from the engine thread only.
 */
public interface PromptEncoder extends AutoCloseable {
  /**
   * @param negativePrompt empty when the user gave none
   * @param guided whether classifier-free guidance runs (then the negative row is produced)
   * @param height image height in pixels (SDXL micro-conditioning)
   * @param width image width in pixels
   */
  Conditioning encode(String prompt, String negativePrompt, boolean guided, int height, int width);

  /** Tokens per prompt (77 for CLIP). */
  int sequenceLength();

  /** Width of one token's embedding, as the U-Net's {@code encoder_hidden_states} takes it. */
  int hiddenWidth();

  /** Whether the tokenizer would cut {@code prompt} (worth a warning to the user). */
  boolean truncates(String prompt);
}
