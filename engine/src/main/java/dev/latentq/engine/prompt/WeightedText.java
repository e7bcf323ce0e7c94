package dev.latentq.engine.prompt;

/**
 * One fragment of a parsed A1111 prompt: text and its emphasis weight (a product of doubles, as A1111 computes
 * it). {@code BREAK} is the fragment {@code ("BREAK", -1)}.
 */
public record WeightedText(String text, double weight) {
  static final String BREAK_TEXT = "BREAK";

  public WeightedText {
    if (text == null) {
      throw new IllegalArgumentException("text is required");
    }
  }

  /** The marker a {@code BREAK} keyword leaves: the chunker closes the current chunk there. */
  public static WeightedText breakMarker() {
    return new WeightedText(BREAK_TEXT, -1);
  }

  public boolean isBreak() {
    return BREAK_TEXT.equals(text) && weight == -1;
  }
}
