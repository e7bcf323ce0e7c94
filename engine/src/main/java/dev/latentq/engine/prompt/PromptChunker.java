package dev.latentq.engine.prompt;

import dev.latentq.engine.tokenizer.ClipTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an A1111 prompt into 75-token chunks the way stable-diffusion-webui's {@code tokenize_line} does: each
 * fragment tokenized on its own (no start/end ids), {@code BREAK} closes a chunk, and a chunk that fills up
 * within 20 tokens of its last comma moves the words after that comma to the next chunk. Each chunk is padded
 * with end ids to 75 and framed as {@code [start] + 75 + [end]}. Thread-safe (the tokenizer is).
 */
public final class PromptChunker {
  /** Content tokens per chunk (CLIP's 77 minus start and end). */
  public static final int CHUNK_LENGTH = 75;
  /** A1111's {@code comma_padding_backtrack} default. */
  static final int COMMA_BACKTRACK = 20;

  private final ClipTokenizer tokenizer;
  private final int commaId;

  public PromptChunker(ClipTokenizer tokenizer) {
    this.tokenizer = tokenizer;
    int[] comma = tokenizer.contentIds(",");
    this.commaId = comma.length == 1 ? comma[0] : -1;
  }

  /**
   * Parses {@code prompt} with A1111's syntax and chunks it.
   *
   * @throws IllegalArgumentException when the prompt has an invalid explicit weight, or the model's tokenizer
   *     does not take 77 ids
   */
  public ChunkedPrompt chunk(String prompt) {
    if (tokenizer.maxLength() != CHUNK_LENGTH + 2) {
      throw new IllegalArgumentException("A1111 prompt syntax needs a 77-token CLIP tokenizer; this model's takes "
          + tokenizer.maxLength() + ": use the plain prompt syntax");
    }
    List<WeightedText> fragments = AttentionParser.parse(prompt);
    Builder chunks = new Builder();
    for (WeightedText fragment : fragments) {
      if (fragment.isBreak()) {
        chunks.close(false);
        continue;
      }
      for (int token : tokenizer.contentIds(fragment.text())) {
        chunks.add(token, fragment.weight());
      }
    }
    if (chunks.currentSize() > 0 || chunks.closed.isEmpty()) {
      chunks.close(true);
    }
    return new ChunkedPrompt(fragments, chunks.closed, chunks.tokenCount);
  }

  /** The chunk an empty prompt gives: start, then 76 end ids, all of weight 1. */
  public PromptChunk emptyChunk() {
    return chunk("").chunks().get(0);
  }

  /** A1111's chunk state: the open chunk, the position of its last comma, the closed chunks. */
  private final class Builder {
    private final List<PromptChunk> closed = new ArrayList<>();
    private List<Integer> tokens = new ArrayList<>();
    private List<Double> weights = new ArrayList<>();
    private int lastComma = -1;
    private int tokenCount;

    int currentSize() {
      return tokens.size();
    }

    void add(int token, double weight) {
      if (token == commaId) {
        lastComma = tokens.size();
      } else if (tokens.size() == CHUNK_LENGTH && lastComma != -1
          && tokens.size() - lastComma <= COMMA_BACKTRACK) {
        int breakAt = lastComma + 1;
        List<Integer> movedTokens = new ArrayList<>(tokens.subList(breakAt, tokens.size()));
        List<Double> movedWeights = new ArrayList<>(weights.subList(breakAt, weights.size()));
        tokens.subList(breakAt, tokens.size()).clear();
        weights.subList(breakAt, weights.size()).clear();
        close(false);
        tokens = movedTokens;
        weights = movedWeights;
      }
      if (tokens.size() == CHUNK_LENGTH) {
        close(false);
      }
      tokens.add(token);
      weights.add(weight);
    }

    void close(boolean last) {
      tokenCount += last ? tokens.size() : CHUNK_LENGTH;
      int[] ids = new int[CHUNK_LENGTH + 2];
      double[] w = new double[CHUNK_LENGTH + 2];
      ids[0] = tokenizer.startId();
      w[0] = 1.0;
      for (int i = 0; i < CHUNK_LENGTH; i++) {
        boolean content = i < tokens.size();
        ids[i + 1] = content ? tokens.get(i) : tokenizer.endId();
        w[i + 1] = content ? weights.get(i) : 1.0;
      }
      ids[CHUNK_LENGTH + 1] = tokenizer.endId();
      w[CHUNK_LENGTH + 1] = 1.0;
      closed.add(new PromptChunk(ids, w));
      tokens = new ArrayList<>();
      weights = new ArrayList<>();
      lastComma = -1;
    }
  }
}
