package dev.latentq.engine.tokenizer;

/**
 * The byte-level alphabet of GPT-2 style BPE: every byte value gets a printable character, so that vocabulary
 * entries never contain raw whitespace or control characters. Immutable and thread-safe.
 */
final class ByteUnicodeTable {

  private static final int BYTE_VALUES = 256;

  private final char[] charOfByte;

  private ByteUnicodeTable(char[] charOfByte) {
    this.charOfByte = charOfByte;
  }

  /** Printable bytes keep their own code point; the others are moved, in byte order, to U+0100 and up. */
  static ByteUnicodeTable create() {
    char[] table = new char[BYTE_VALUES];
    int nextShifted = BYTE_VALUES;
    for (int b = 0; b < BYTE_VALUES; b++) {
      table[b] = keepsItsOwnCodePoint(b) ? (char) b : (char) nextShifted++;
    }
    return new ByteUnicodeTable(table);
  }

  private static boolean keepsItsOwnCodePoint(int b) {
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
  }

  /** The character that stands for {@code unsignedByte} (0..255) in vocabulary entries. */
  char charOf(int unsignedByte) {
    return charOfByte[unsignedByte];
  }
}
