package dev.latentq.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ByteUnicodeTableTest {

  private final ByteUnicodeTable table = ByteUnicodeTable.create();

  @Test
  void keepsPrintableBytes() {
    assertThat(table.charOf('a')).isEqualTo('a');
    assertThat(table.charOf('!')).isEqualTo('!');
    assertThat(table.charOf(0xE9)).isEqualTo('\u00e9');
  }

  @Test
  void movesUnprintableBytesAboveLatin1InByteOrder() {
    assertThat(table.charOf(0)).isEqualTo('\u0100');
    assertThat(table.charOf(' ')).isEqualTo('\u0120');
    assertThat(table.charOf(0x7F)).isEqualTo('\u0121');
    assertThat(table.charOf(0xAD)).isEqualTo('\u0143');
  }

  @Test
  void mapsEveryByteToADistinctCharacter() {
    assertThat(IntStream.range(0, 256).map(table::charOf).distinct().count()).isEqualTo(256);
  }
}
