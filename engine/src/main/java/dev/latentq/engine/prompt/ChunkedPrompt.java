package dev.latentq.engine.prompt;

import java.util.List;

/**
 * A prompt read with A1111's syntax: its fragments and its 77-id chunks.
 *
 * @param fragments the parser's output ({@code BREAK} included)
 * @param chunks at least one
 * @param tokenCount A1111's count: 75 per closed chunk plus the last chunk's content tokens
 */
public record ChunkedPrompt(List<WeightedText> fragments, List<PromptChunk> chunks, int tokenCount) {
  public ChunkedPrompt {
    fragments = List.copyOf(fragments);
    chunks = List.copyOf(chunks);
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("a prompt has at least one chunk");
    }
  }
}
