package dev.latentq.loadtest.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.latentq.loadtest.LedgerFixture;
import dev.latentq.protocol.FailureCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimelineTest {

  @Test
  void bucketsCountSubmissionsBySubmitTimeAndOutcomesByTerminalTime() {
    LedgerFixture fixture = new LedgerFixture()
        .succeeded("a", "c", 2, 100, 1_500)
        .succeeded("b", "c", 1, 200, 2_700)
        .failed("f", "c", 1_100, 1_200, FailureCode.MODEL_ERROR)
        .submit("lost", "c", 1, 2_100);

    Timeline timeline = Timeline.of(fixture.snapshot().jobs(), Duration.ofSeconds(1));

    assertThat(timeline.buckets()).hasSize(3);
    assertThat(timeline.buckets()).extracting(TimeBucket::submitted).containsExactly(2L, 1L, 1L);
    assertThat(timeline.buckets()).extracting(TimeBucket::succeeded).containsExactly(0L, 1L, 1L);
    assertThat(timeline.buckets()).extracting(TimeBucket::failed).containsExactly(0L, 1L, 0L);
    assertThat(timeline.buckets()).extracting(TimeBucket::images).containsExactly(0L, 2L, 1L);
    assertThat(timeline.buckets().get(1).latencyMs().p50()).isCloseTo(1_400, within(2.0));
    assertThat(timeline.buckets().get(0).latencyMs()).isNull();
  }

  @Test
  void ratesDivideByTheBucketWidth() {
    LedgerFixture fixture = new LedgerFixture();
    for (int i = 0; i < 10; i++) {
      fixture.succeeded("j" + i, "c", 3, i * 100.0, 1_000 + i * 100.0);
    }

    Timeline timeline = Timeline.of(fixture.snapshot().jobs(), Duration.ofSeconds(2));

    TimeBucket first = timeline.buckets().getFirst();
    assertThat(first.startSeconds()).isZero();
    assertThat(first.submittedPerSecond()).isEqualTo(5.0);
    assertThat(first.succeededPerSecond()).isEqualTo(5.0);
    assertThat(first.imagesPerSecond()).isEqualTo(15.0);
  }

  @Test
  void automaticWidthKeepsAtMostAboutSixtyWholeSecondBuckets() {
    assertThat(Timeline.autoWidth(Duration.ofSeconds(30).toNanos(), 1_000)).isEqualTo(Duration.ofSeconds(1));
    assertThat(Timeline.autoWidth(Duration.ofMinutes(10).toNanos(), 10_000)).isEqualTo(Duration.ofSeconds(10));
    assertThat(Timeline.autoWidth(Duration.ofMinutes(10).plusSeconds(1).toNanos(), 10_000))
        .isEqualTo(Duration.ofSeconds(11));
  }

  @Test
  void automaticWidthWidensSparseRunsToAboutFiveJobsPerBucket() {
    // 40 jobs over 28 s: 5 jobs per slice need 3.5 s, rounded up to whole seconds.
    assertThat(Timeline.autoWidth(Duration.ofSeconds(28).toNanos(), 40)).isEqualTo(Duration.ofSeconds(4));
    assertThat(Timeline.autoWidth(0, 0)).isEqualTo(Duration.ofSeconds(1));
  }
}
