package dev.latentq.engine.tokenizer;

import java.util.Arrays;

/**
 * One prompt ready for the text encoder: start token, content, end token, padding — exactly
 * {@link ClipTokenizer#maxLength()} ids.
 *
 * @param ids the padded ids; the caller owns the array
 * @param truncated whether content ids were dropped to fit (the pipeline warns about it)
 */
public record TokenizedPrompt(int[] ids, boolean truncated) {

  @Override
  public boolean equals(Object other) {
    return other instanceof TokenizedPrompt that && truncated == that.truncated && Arrays.equals(ids, that.ids);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ids) + Boolean.hashCode(truncated);
  }

  @Override
  public String toString() {
    return "TokenizedPrompt[ids=" + Arrays.toString(ids) + ", truncated=" + truncated + "]";
  }
}
