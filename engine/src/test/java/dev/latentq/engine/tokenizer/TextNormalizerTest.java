package dev.latentq.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

  private final TextNormalizer normalizer = new TextNormalizer();

  @Test
  void collapsesWhitespaceRunsAndTrims() {
    assertThat(normalizer.normalize(" \t A\n\n b\u00a0\u3000c\u2028 ")).isEqualTo("a b c");
  }

  @Test
  void keepsInformationSeparatorsThatJavaCallsWhitespace() {
    assertThat(normalizer.normalize("a\u001cb")).isEqualTo("a\u001cb");
  }

  @Test
  void composesToNfc() {
    assertThat(normalizer.normalize("Cafe\u0301")).isEqualTo("caf\u00e9");
  }

  @Test
  void lowerCasesEachLetterOnItsOwn() {
    assertThat(normalizer.normalize("ΟΔΟΣ")).isEqualTo("οδοσ");
    assertThat(normalizer.normalize("İ")).isEqualTo("i\u0307");
  }

  @Test
  void keepsTypographicPunctuationAndCjkAsTheyAre() {
    assertThat(normalizer.normalize("“Quoted” — 日本語")).isEqualTo("“quoted” — 日本語");
  }
}
