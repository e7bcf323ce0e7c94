package dev.latentq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> PATHS =
      List.of("engine.maxBatch", "engine.maxQueuedJobs", "kafka.bootstrapServers", "storage.bucket", "http.port");

  @Test
  void suggestsNamesWithinASmallEditDistanceIgnoringCase() {
    assertThat(Suggestions.closest("engine.maxBacth", PATHS, '.')).containsExactly("engine.maxBatch");
    assertThat(Suggestions.closest("ENGINE.MAXBATCH", PATHS, '.')).containsExactly("engine.maxBatch");
  }

  @Test
  void suggestsCompletionsOfAKeyCutShort() {
    assertThat(Suggestions.closest("kafka.bootstrap", PATHS, '.')).containsExactly("kafka.bootstrapServers");
  }

  @Test
  void suggestsTheSameKeyUnderAnotherParent() {
    assertThat(Suggestions.closest("kafka.bucket", PATHS, '.')).containsExactly("storage.bucket");
  }

  @Test
  void suggestsNothingForUnrelatedNames() {
    assertThat(Suggestions.closest("colour", PATHS, '.')).isEmpty();
    assertThat(Suggestions.didYouMean(List.of())).isEmpty();
  }

  @Test
  void phrasesSuggestionsAsAQuestion() {
    assertThat(Suggestions.didYouMean(List.of("a"))).isEqualTo("; did you mean a?");
    assertThat(Suggestions.didYouMean(List.of("a", "b", "c"))).isEqualTo("; did you mean a, b or c?");
  }

  @Test
  void distanceCountsEdits() {
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    assertThat(Suggestions.distance("same", "same")).isZero();
  }
}
