package dev.latentq.engine.pipeline;

import dev.latentq.engine.model.ModelLoadException;
import dev.latentq.engine.model.TextEncoder;
import dev.latentq.engine.prompt.Emphasis;
import dev.latentq.engine.prompt.PromptChunk;
import dev.latentq.engine.prompt.PromptChunker;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.tokenizer.ClipTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SDXL conditioning: the penultimate hidden states of both CLIP encoders concatenated per token, the pooled
 * {@code text_embeds} of the second encoder, and {@code time_ids = [h, w, 0, 0, h, w]}. With
 * {@code force_zeros_for_empty_prompt} an empty negative prompt becomes all-zero embeddings, as diffusers does.
 *
 * <p>A1111 prompts: the first tokenizer's chunks feed both encoders (the second, a pad-0 encoder, with every id
 * after the first end id replaced by its pad id); emphasis applies to each encoder's states separately before
 * they are concatenated; the pooled embedding is the first chunk's; rows are padded with the empty prompt's
 * chunk (never zeros, even next to an all-zero empty negative).
 */
public final class SdxlPromptEncoder implements PromptEncoder {
  private static final String POOLED = "text_embeds";

  private final ClipTokens tokens;
  private final ClipTokenizer tokenizer1;
  private final TextEncoder encoder1;
  private final ClipTokenizer tokenizer2;
  private final TextEncoder encoder2;
  private final PromptChunker chunker;
  private final boolean zerosForEmptyNegative;
  private final String hidden1;
  private final String hidden2;
  private final int width1;
  private final int width2;
  private final int pooledWidth;
  private float[] emptyChunk;

  public SdxlPromptEncoder(ClipTokenizer tokenizer1, TextEncoder encoder1, ClipTokenizer tokenizer2,
      TextEncoder encoder2, boolean zerosForEmptyNegative) {
    this(ClipTokens.pair(tokenizer1, tokenizer2, zerosForEmptyNegative), encoder1, encoder2);
  }

  /** @param tokens both tokenizers ({@link ClipTokens#pair}) */
  SdxlPromptEncoder(ClipTokens tokens, TextEncoder encoder1, TextEncoder encoder2) {
    this.tokens = tokens;
    this.tokenizer1 = tokens.first();
    this.encoder1 = encoder1;
    this.tokenizer2 = tokens.second();
    this.encoder2 = encoder2;
    this.chunker = tokens.chunker();
    this.zerosForEmptyNegative = tokens.zerosForEmptyNegative();
    this.hidden1 = penultimate(encoder1);
    this.hidden2 = penultimate(encoder2);
    ClipPromptEncoder.requireOutput(encoder2, POOLED, "SDXL's pooled text embedding");
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
    return new SdxlPromptEncoder(tokens, first == null ? encoder1 : first, second == null ? encoder2 : second);
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

  /** One chunk as each encoder takes it. */
  private record Chunk(int[] ids1, int[] ids2, double[] weights) {}

  /** Chunks' concatenated, weighted states ({@code [chunks, tokens, width1 + width2]}) and pooled embeddings. */
  private record Encoded(float[] states, float[] pooled) {}

  @Override
  public Conditioning encode(String prompt, String negativePrompt, PromptSyntax syntax, boolean guided, int height,
      int width) {
    float[] timeIds = {height, width, 0, 0, height, width};
    boolean zeroNegative = guided && zerosForEmptyNegative && negativePrompt.isEmpty();
    boolean encodeNegative = guided && !zeroNegative;
    List<Chunk> positive = chunks(prompt, syntax);
    List<Chunk> negative = encodeNegative ? chunks(negativePrompt, syntax) : List.of();
    // One call per encoder, negative chunks first: for plain prompts the [negative, prompt] batch diffusers runs.
    List<Chunk> all = new ArrayList<>(negative);
    all.addAll(positive);
    Encoded encoded = encodeChunks(all);
    int chunkValues = sequenceLength() * hiddenWidth();
    int negativeChunks = zeroNegative ? 1 : negative.size();
    int target = Math.max(positive.size(), negativeChunks);
    // The pooled embedding is the first chunk's (unweighted: emphasis touches the hidden states only).
    RowConditioning cond = new RowConditioning(
        ChunkRows.row(encoded.states(), negative.size(), positive.size(), target, chunkValues, this::emptyChunk),
        ClipPromptEncoder.slice(encoded.pooled(), negative.size() * pooledWidth, pooledWidth), timeIds, null);
    if (!guided) {
      return new Conditioning(cond, null);
    }
    RowConditioning uncond = zeroNegative
        ? new RowConditioning(ChunkRows.row(new float[chunkValues], 0, 1, target, chunkValues, this::emptyChunk),
            new float[pooledWidth], timeIds, null)
        : new RowConditioning(
            ChunkRows.row(encoded.states(), 0, negative.size(), target, chunkValues, this::emptyChunk),
            ClipPromptEncoder.slice(encoded.pooled(), 0, pooledWidth), timeIds, null);
    return new Conditioning(cond, uncond);
  }

  @Override
  public int chunks(String prompt, String negativePrompt, PromptSyntax syntax, boolean guided) {
    return tokens.chunks(prompt, negativePrompt, syntax, guided);
  }


  private List<Chunk> chunks(String text, PromptSyntax syntax) {
    if (syntax == PromptSyntax.PLAIN) {
      int[] ids1 = tokenizer1.encode(text).ids();
      return List.of(new Chunk(ids1, tokenizer2.encode(text).ids(), PromptChunk.unweighted(ids1).weights()));
    }
    List<Chunk> chunks = new ArrayList<>();
    for (PromptChunk c : chunker.chunk(text).chunks()) {
      chunks.add(new Chunk(c.idsPaddedWith(tokenizer1.endId(), tokenizer1.padId()),
          c.idsPaddedWith(tokenizer1.endId(), tokenizer2.padId()), c.weights()));
    }
    return chunks;
  }

  private Encoded encodeChunks(List<Chunk> chunks) {
    int[][] ids1 = new int[chunks.size()][];
    int[][] ids2 = new int[chunks.size()][];
    for (int i = 0; i < ids1.length; i++) {
      ids1[i] = chunks.get(i).ids1();
      ids2[i] = chunks.get(i).ids2();
    }
    float[] states1 = encoder1.encode(ids1, Set.of(hidden1)).get(hidden1);
    Map<String, float[]> out2 = encoder2.encode(ids2, Set.of(hidden2, POOLED));
    float[] states2 = out2.get(hidden2);
    int tokens = sequenceLength();
    float[] states = new float[chunks.size() * tokens * hiddenWidth()];
    for (int i = 0; i < ids1.length; i++) {
      Emphasis.original(states1, i * tokens * width1, width1, chunks.get(i).weights());
      Emphasis.original(states2, i * tokens * width2, width2, chunks.get(i).weights());
      concat(states1, states2, i, states, i * tokens * hiddenWidth());
    }
    return new Encoded(states, out2.get(POOLED));
  }

  /** The empty prompt's chunk, encoded as a prompt (A1111's padding chunk, not zeros); computed once. */
  private float[] emptyChunk() {
    if (emptyChunk == null) {
      PromptChunk empty = chunker.emptyChunk();
      emptyChunk = encodeChunks(List.of(new Chunk(empty.idsPaddedWith(tokenizer1.endId(), tokenizer1.padId()),
          empty.idsPaddedWith(tokenizer1.endId(), tokenizer2.padId()), empty.weights()))).states();
    }
    return emptyChunk;
  }

  /** Row {@code row} of both encoders' states, concatenated token by token along the embedding axis. */
  private void concat(float[] states1, float[] states2, int row, float[] out, int offset) {
    int tokens = sequenceLength();
    for (int t = 0; t < tokens; t++) {
      System.arraycopy(states1, (row * tokens + t) * width1, out, offset + t * (width1 + width2), width1);
      System.arraycopy(states2, (row * tokens + t) * width2, out, offset + t * (width1 + width2) + width1, width2);
    }
  }

  /** Width of the pooled embedding (the U-Net's {@code text_embeds}). */
  public int pooledWidth() {
    return pooledWidth;
  }

  @Override
  public int sequenceLength() {
    return tokens.sequenceLength();
  }

  @Override
  public int hiddenWidth() {
    return width1 + width2;
  }

  @Override
  public boolean truncates(String prompt) {
    return tokens.truncates(prompt);
  }

  @Override
  public void close() throws Exception {
    try (encoder1; encoder2) {
      // both sessions closed, the second even if the first fails
    }
  }
}
