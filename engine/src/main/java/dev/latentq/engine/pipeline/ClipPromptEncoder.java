package dev.latentq.engine.pipeline;

import dev.latentq.engine.model.ModelLoadException;
import dev.latentq.engine.model.TextEncoder;
import dev.latentq.engine.tokenizer.ClipTokenizer;
import java.util.Set;

/**
 * SD 1.x / 2.x conditioning: one CLIP encoder, whose first output ({@code last_hidden_state}) is the U-Net's
 * {@code encoder_hidden_states}; the negative prompt (empty by default) is encoded in the same call.
 */
public final class ClipPromptEncoder implements PromptEncoder {
  private final ClipTokenizer tokenizer;
  private final TextEncoder encoder;
  private final String output;
  private final int hiddenWidth;

  public ClipPromptEncoder(ClipTokenizer tokenizer, TextEncoder encoder) {
    this.tokenizer = tokenizer;
    this.encoder = encoder;
    this.output = encoder.hasOutput("last_hidden_state") ? "last_hidden_state" : encoder.firstOutput();
    long width = encoder.outputs().get(output).lastDim();
    this.hiddenWidth = width > 0 ? (int) width : probeWidth();
  }

  /** The same tokenizer with another encoder session (LoRA-patched); the result does not own this one's session. */
  ClipPromptEncoder withEncoder(TextEncoder other) {
    return new ClipPromptEncoder(tokenizer, other);
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
  public Conditioning encode(String prompt, String negativePrompt, boolean guided, int height, int width) {
    int[] positive = tokenizer.encode(prompt).ids();
    int[][] batch = guided ? new int[][] {tokenizer.encode(negativePrompt).ids(), positive} : new int[][] {positive};
    float[] states = encoder.encode(batch, Set.of(output)).get(output);
    int row = sequenceLength() * hiddenWidth;
    if (!guided) {
      return new Conditioning(new RowConditioning(states, null, null, null), null);
    }
    return new Conditioning(
        new RowConditioning(slice(states, row, row), null, null, null),
        new RowConditioning(slice(states, 0, row), null, null, null));
  }

  static float[] slice(float[] values, int offset, int length) {
    float[] out = new float[length];
    System.arraycopy(values, offset, out, 0, length);
    return out;
  }

  @Override
  public int sequenceLength() {
    return tokenizer.maxLength();
  }

  @Override
  public int hiddenWidth() {
    return hiddenWidth;
  }

  @Override
  public boolean truncates(String prompt) {
    return tokenizer.encode(prompt).truncated();
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
