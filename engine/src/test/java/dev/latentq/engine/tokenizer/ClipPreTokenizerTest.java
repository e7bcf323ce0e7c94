package dev.latentq.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClipPreTokenizerTest {

  private final ClipPreTokenizer preTokenizer = new ClipPreTokenizer();

  @Test
  void splitsContractionsLettersAndPunctuationRuns() {
    assertThat(preTokenizer.words("isn't it 2024's best?!"))
        .containsExactly("isn", "'t", "it", "2", "0", "2", "4", "'s", "best", "?!");
  }

  @Test
  void keepsPunctuationRunsTogetherEvenAroundApostrophes() {
    assertThat(preTokenizer.words("(masterpiece:1.2), ''s"))
        .containsExactly("(", "masterpiece", ":", "1", ".", "2", "),", "''", "s");
  }

  @Test
  void keepsScriptsWithoutSpacesAsOneLetterRun() {
    assertThat(preTokenizer.words("日本語のテキスト 🐱🚀")).containsExactly("日本語のテキスト", "🐱🚀");
  }

  @Test
  void splitsSpecialTokenLiteralsLikeTheByteLevelStage() {
    assertThat(preTokenizer.words("x<|endoftext|>!")).containsExactly("x", "<|", "endoftext", "|>", "!");
  }
}
