package dev.latentq.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.tokenizer.SpecialTokenSplitter.Special;
import dev.latentq.engine.tokenizer.SpecialTokenSplitter.Text;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecialTokenSplitterTest {

  private final SpecialTokenSplitter splitter =
      new SpecialTokenSplitter(Map.of("<|endoftext|>", 49407, "!", 0, "<|end", 7));

  @Test
  void cutsTextAroundEachOccurrence() {
    assertThat(splitter.split("a red circle!!!"))
        .containsExactly(new Text("a red circle"), new Special(0), new Special(0), new Special(0));
  }

  @Test
  void prefersTheLongestTokenAtAPosition() {
    assertThat(splitter.split("x<|endoftext|>y<|end"))
        .containsExactly(new Text("x"), new Special(49407), new Text("y"), new Special(7));
  }

  @Test
  void matchesCaseSensitively() {
    assertThat(splitter.split("<|ENDOFTEXT|>")).containsExactly(new Text("<|ENDOFTEXT|>"));
  }

  @Test
  void returnsNothingForEmptyText() {
    assertThat(splitter.split("")).isEmpty();
  }
}
