package dev.latentq.engine.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parser rules the shared vectors do not exercise. */
class AttentionParserTest {
  @Test
  void loneBackslashIsDroppedLikeA1111() {
    assertThat(AttentionParser.parse("a\\b")).containsExactly(new WeightedText("ab", 1.0));
  }

  @Test
  void escapedBackslashIsOneLiteralBackslash() {
    assertThat(AttentionParser.parse("a\\\\b")).containsExactly(new WeightedText("a\\b", 1.0));
  }

  @Test
  void unmatchedClosersAndWeightsOutsideBracketsAreText() {
    assertThat(AttentionParser.parse("a) b] c:1.5)")).containsExactly(new WeightedText("a) b] c:1.5)", 1.0));
  }

  @Test
  void nestedSquareAndRoundMultiply() {
    assertThat(AttentionParser.parse("[(x)]")).containsExactly(new WeightedText("x", 1.1 * (1 / 1.1)));
  }

  @Test
  void breakMustBeAWholeUpperCaseWord() {
    assertThat(AttentionParser.parse("BREAKING break")).containsExactly(new WeightedText("BREAKING break", 1.0));
  }

  @Test
  void invalidExplicitWeightIsRejectedWithTheFix() {
    assertThatThrownBy(() -> AttentionParser.parse("(a:1.2.3)"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(text:1.2)");
  }
}
