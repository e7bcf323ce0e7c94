package dev.latentq.engine.image;

import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/** Builds PNG text chunks ({@code tEXt}, or {@code iTXt} for text Latin-1 cannot encode), validating keys. */
final class PngText {

  private PngText() {
  }

  /**
   * Builds one chunk per entry, each as its 4-byte type followed by its data (no length, no CRC).
   *
   * @throws IllegalArgumentException if a key is not 1 to 79 Latin-1 characters without NUL, or a value
   *     contains NUL
   */
  static byte[][] chunks(Map<String, String> text) {
    Objects.requireNonNull(text, "text");
    byte[][] chunks = new byte[text.size()][];
    CharsetEncoder latin1 = StandardCharsets.ISO_8859_1.newEncoder();
    int i = 0;
    for (Map.Entry<String, String> entry : text.entrySet()) {
      byte[] key = keyBytes(entry.getKey(), latin1);
      String value = Objects.requireNonNull(entry.getValue(), () -> "PNG text value of key '" + entry.getKey()
          + "' is null: pass an empty string or leave the key out");
      if (value.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("PNG text value of key '" + entry.getKey()
            + "' contains a NUL character, which PNG text chunks cannot hold: remove it");
      }
      chunks[i++] = latin1.canEncode(value) ? textChunk(key, value) : internationalTextChunk(key, value);
    }
    return chunks;
  }

  private static byte[] keyBytes(String key, CharsetEncoder latin1) {
    Objects.requireNonNull(key, "PNG text key is null: every entry needs a key of 1 to 79 Latin-1 characters");
    if (key.isEmpty() || key.length() > 79 || key.indexOf('\0') >= 0 || !latin1.canEncode(key)) {
      throw new IllegalArgumentException("PNG text key '" + key + "' is invalid: keys must be 1 to 79 Latin-1"
          + " characters without NUL (e.g. 'parameters')");
    }
    return key.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] textChunk(byte[] key, String value) {
    byte[] text = value.getBytes(StandardCharsets.ISO_8859_1);
    byte[] chunk = new byte[4 + key.length + 1 + text.length];
    int p = type(chunk, "tEXt");
    System.arraycopy(key, 0, chunk, p, key.length);
    p += key.length + 1; // NUL separator (already 0)
    System.arraycopy(text, 0, chunk, p, text.length);
    return chunk;
  }

  private static byte[] internationalTextChunk(byte[] key, String value) {
    byte[] text = value.getBytes(StandardCharsets.UTF_8);
    // key, NUL, compression flag 0, compression method 0, empty language tag + NUL, empty translated key + NUL
    byte[] chunk = new byte[4 + key.length + 5 + text.length];
    int p = type(chunk, "iTXt");
    System.arraycopy(key, 0, chunk, p, key.length);
    p += key.length + 5;
    System.arraycopy(text, 0, chunk, p, text.length);
    return chunk;
  }

  private static int type(byte[] chunk, String type) {
    for (int i = 0; i < 4; i++) {
      chunk[i] = (byte) type.charAt(i);
    }
    return 4;
  }
}
