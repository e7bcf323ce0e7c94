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
import java.util.Set;

/**
 * SD 1.x / 2.x conditioning: one CLIP encoder, whose first output ({@code last_hidden_state}) is the U-Net's
 * {@code encoder_hidden_states}; the negative prompt (empty by default) is encoded in the same call.
 *
 * <p>A plain prompt is one 77-id window (diffusers). An A1111 prompt is one or more chunks, each encoded on its
 * own (pad-0 tokenizers get every id after the first end id replaced by 0), weighted with
 * {@link Emphasis#original}, and laid end to end; the shorter of prompt and negative prompt is padded with the
 * empty prompt's chunk.
 */
public final class ClipPromptEncoder implements PromptEncoder {
  private final ClipTokens tokens;
  private final ClipTokenizer tokenizer;
  private final TextEncoder encoder;
  private final PromptChunker chunker;
  private final String output;
  private final int hiddenWidth;
  private float[] emptyChunk;

  public ClipPromptEncoder(ClipTokenizer tokenizer, TextEncoder encoder) {
    this(ClipTokens.single(tokenizer), encoder);
  }

  ClipPromptEncoder(ClipTokens tokens, TextEncoder encoder) {
    this.tokens = tokens;
    this.tokenizer = tokens.first();
    this.encoder = encoder;
    this.chunker = tokens.chunker();
    this.output = encoder.hasOutput("last_hidden_state") ? "last_hidden_state" : encoder.firstOutput();
    long width = encoder.outputs().get(output).lastDim();
    this.hiddenWidth = width > 0 ? (int) width : probeWidth();
  }

  /** The same tokenizer with another encoder session (LoRA-patched); the result does not own this one's session. */
  ClipPromptEncoder withEncoder(TextEncoder other) {
    return new ClipPromptEncoder(tokens, other);
  }

  private int probeWidth() {
    float[] states = encoder.encode(new int[][] {tokenizer.encode("").ids()}, Set.of(output)).get(output);
    if (states.length % tokenizer.maxLength() != 0) {
      throw new ModelLoadException("text_encoder output '" + output + "' has " + states.length
          + " values for " + tokenizer.maxLength() + " tokens; expected [1, tokens, width]");
    }
    return states.length / tokenizer.maxLength();
  }

  @Override
  public Conditioning encode(String prompt, String negativePrompt, PromptSyntax syntax, boolean guided, int height,
      int width) {
    List<PromptChunk> positive = chunks(prompt, syntax);
    List<PromptChunk> negative = guided ? chunks(negativePrompt, syntax) : List.of();
    // One encoder call, negative chunks first: for plain prompts exactly the [negative, prompt] batch diffusers runs.
    List<PromptChunk> all = new ArrayList<>(negative);
    all.addAll(positive);
    int[][] ids = new int[all.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = all.get(i).idsPaddedWith(tokenizer.endId(), tokenizer.padId());
    }
    float[] states = encoder.encode(ids, Set.of(output)).get(output);
    int chunkValues = sequenceLength() * hiddenWidth;
    for (int i = 0; i < all.size(); i++) {
      Emphasis.original(states, i * chunkValues, hiddenWidth, all.get(i).weights());
    }
    int target = Math.max(positive.size(), negative.size());
    RowConditioning cond = new RowConditioning(
        ChunkRows.row(states, negative.size(), positive.size(), target, chunkValues, this::emptyChunk),
        null, null, null);
    if (!guided) {
      return new Conditioning(cond, null);
    }
    RowConditioning uncond = new RowConditioning(
        ChunkRows.row(states, 0, negative.size(), target, chunkValues, this::emptyChunk), null, null, null);
    return new Conditioning(cond, uncond);
  }

  @Override
  public int chunks(String prompt, String negativePrompt, PromptSyntax syntax, boolean guided) {
    return tokens.chunks(prompt, negativePrompt, syntax, guided);
  }


  private List<PromptChunk> chunks(String text, PromptSyntax syntax) {
    return syntax == PromptSyntax.PLAIN
        ? List.of(PromptChunk.unweighted(tokenizer.encode(text).ids()))
        : chunker.chunk(text).chunks();
  }

  /** The empty prompt's chunk, encoded as a prompt (A1111's padding chunk); computed once. */
  private float[] emptyChunk() {
    if (emptyChunk == null) {
      int[] ids = chunker.emptyChunk().idsPaddedWith(tokenizer.endId(), tokenizer.padId());
      emptyChunk = encoder.encode(new int[][] {ids}, Set.of(output)).get(output);
    }
    return emptyChunk;
  }

  static float[] slice(float[] values, int offset, int length) {
    float[] out = new float[length];
    System.arraycopy(values, offset, out, 0, length);
    return out;
  }

  @Override
  public int sequenceLength() {
    return tokens.sequenceLength();
  }

  @Override
  public int hiddenWidth() {
    return hiddenWidth;
  }

  @Override
  public boolean truncates(String prompt) {
    return tokens.truncates(prompt);
  }

  @Override
  public void close() throws Exception {
    encoder.close();
  }

  /** Checks at load time that the encoder can be driven this way. */
  static void requireOutput(TextEncoder encoder, String name, String why) {
    if (!encoder.hasOutput(name)) {
      throw new ModelLoadException(encoder.component() + "/model.onnx has no output '" + name + "' (" + why
          + "); it has " + encoder.outputs().keySet());
    }
  }
}
