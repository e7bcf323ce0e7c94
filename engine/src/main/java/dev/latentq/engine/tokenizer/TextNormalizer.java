package dev.latentq.engine.tokenizer;

import java.text.Normalizer;
import java.util.Locale;

/**
 * CLIP's text normalisation: Unicode NFC, every whitespace run replaced by one space (and trimmed), lower case.
 * Stateless and thread-safe.
 *
 * <p>Whitespace means Unicode White_Space (tab to carriage return, NEL and the space/line/paragraph separators), which
 * is what the reference's {@code \s} matches; Java's {@link Character#isWhitespace} differs (it also matches
 * U+001C..U+001F and not NBSP), so it is not used. Lower-casing maps each code point on its own, as the reference
 * does: a capital sigma always becomes σ, never the word-final ς.
 */
final class TextNormalizer {

  String normalize(String text) {
    String composed = Normalizer.isNormalized(text, Normalizer.Form.NFC)
        ? text
        : Normalizer.normalize(text, Normalizer.Form.NFC);
    StringBuilder out = new StringBuilder(composed.length());
    boolean pendingSpace = false;
    for (int i = 0; i < composed.length(); ) {
      int codePoint = composed.codePointAt(i);
      i += Character.charCount(codePoint);
      if (isWhitespace(codePoint)) {
        pendingSpace = true;
        continue;
      }
      if (pendingSpace && !out.isEmpty()) {
        out.append(' ');
      }
      pendingSpace = false;
      appendLowerCase(out, codePoint);
    }
    return out.toString();
  }

  static boolean isWhitespace(int codePoint) {
    if (codePoint < 0x80) {
      return codePoint == ' ' || (codePoint >= '\t' && codePoint <= '\r');
    }
    if (codePoint == 0x85) {
      return true;
    }
    int type = Character.getType(codePoint);
    return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static void appendLowerCase(StringBuilder out, int codePoint) {
    if (codePoint < 0x80) {
      out.append((char) (codePoint >= 'A' && codePoint <= 'Z' ? codePoint + ('a' - 'A') : codePoint));
    } else {
      // String lower-casing, not Character's, because a few letters (İ) lower-case to two code points.
      out.append(Character.toString(codePoint).toLowerCase(Locale.ROOT));
    }
  }
}
