package dev.latentq.engine.pipeline;

import dev.latentq.engine.prompt.PromptSyntax;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a prompt pair into U-Net conditioning: tokenizers plus text encoder(s), arranged the way the model
 * family expects. Called from the engine thread only.
 */
public interface PromptEncoder extends PromptTokens, AutoCloseable {
  /**
   * @param negativePrompt empty when the user gave none
   * @param syntax how both prompts are read; {@link PromptSyntax#A1111} may give several 77-token chunks per row
   *     ({@link #chunks})
   * @param guided whether classifier-free guidance runs (then the negative row is produced)
   * @param height image height in pixels (SDXL micro-conditioning)
   * @param width image width in pixels
   * @throws IllegalArgumentException when the prompt cannot be read with {@code syntax}
   */
  Conditioning encode(String prompt, String negativePrompt, PromptSyntax syntax, boolean guided, int height,
      int width);

  /** One chunk per row unless the encoder reads A1111 prompts ({@link PromptTokens#chunks}). */
  @Override
  default int chunks(String prompt, String negativePrompt, PromptSyntax syntax, boolean guided) {
    return 1;
  }

  /** {@link #encode(String, String, PromptSyntax, boolean, int, int)} for one {@link Prompt}. */
  default Conditioning encode(Prompt prompt) {
    return encode(prompt.prompt(), prompt.negativePrompt(), prompt.syntax(), prompt.guided(), prompt.height(),
        prompt.width());
  }

  /**
   * Whether {@link #encodeAll} makes one call for all prompts, so encoding queued jobs' prompts with the joining
   * ones saves time; false for the default one-by-one encoding, where it would only delay the joining jobs.
   */
  default boolean encodesTogether() {
    return false;
  }

  /**
   * Encodes the prompts of jobs joining a batch together, in order. The default encodes them one by one; an encoder
   * overrides it when one call for all is cheaper and gives every job the conditioning it would get alone.
   */
  default List<Conditioning> encodeAll(List<Prompt> prompts) {
    List<Conditioning> out = new ArrayList<>(prompts.size());
    for (Prompt p : prompts) {
      out.add(encode(p));
    }
    return out;
  }

  /** One job's text input: see {@link #encode(String, String, PromptSyntax, boolean, int, int)}. */
  record Prompt(String prompt, String negativePrompt, PromptSyntax syntax, boolean guided, int height, int width) {}

  /** Width of one token's embedding, as the U-Net's {@code encoder_hidden_states} takes it. */
  int hiddenWidth();
}
