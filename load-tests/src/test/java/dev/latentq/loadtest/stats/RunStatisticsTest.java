package dev.latentq.loadtest.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.latentq.loadtest.LedgerFixture;
import dev.latentq.loadtest.TestEvents;
import dev.latentq.protocol.FailureCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunStatisticsTest {

  @Test
  void percentilesPerClassComeFromSucceededJobsOnly() {
    LedgerFixture fixture = new LedgerFixture();
    for (int i = 1; i <= 100; i++) {
      // Latencies 1..100 ms for class "a", 10x that for class "b".
      fixture.succeeded("a" + i, "a", 1, i * 10.0, i * 10.0 + i);
      fixture.succeeded("b" + i, "b", 2, i * 10.0, i * 10.0 + 10 * i);
    }
    fixture.failed("f1", "a", 0, 1, FailureCode.UNKNOWN_MODEL);

    RunStatistics stats = RunStatistics.of(fixture.snapshot(), List.of("a", "b"), null);

    ClassStats a = stats.classes().get(0);
    assertThat(a.name()).isEqualTo("a");
    assertThat(a.submitted()).isEqualTo(101);
    assertThat(a.succeeded()).isEqualTo(100);
    assertThat(a.failed()).isEqualTo(1);
    assertThat(a.images()).isEqualTo(100);
    assertThat(a.latencyMs().count()).isEqualTo(100);
    assertThat(a.latencyMs().p50()).isCloseTo(50, within(0.1));
    assertThat(a.latencyMs().p95()).isCloseTo(95, within(0.1));
    assertThat(a.latencyMs().p99()).isCloseTo(99, within(0.1));
    assertThat(a.latencyMs().max()).isCloseTo(100, within(0.1));
    ClassStats b = stats.classes().get(1);
    assertThat(b.latencyMs().p95()).isCloseTo(950, within(1.0));
    assertThat(b.images()).isEqualTo(200);
    assertThat(stats.overall().submitted()).isEqualTo(201);
    assertThat(stats.overall().latencyMs().count()).isEqualTo(200);
    assertThat(stats.overall().latencyMs().max()).isCloseTo(1000, within(1.0));
  }

  @Test
  void timeToStartAndWorkerQueueAreReported() {
    LedgerFixture fixture = new LedgerFixture().succeeded("j", "a", 1, 0, 50);

    ClassStats all = RunStatistics.of(fixture.snapshot(), List.of("a"), null).overall();

    assertThat(all.timeToStartMs().p50()).isCloseTo(2, within(0.01));
    assertThat(all.workerQueueMs().p50()).isCloseTo(1, within(0.01));
  }

  @Test
  void failuresAreCountedByCodeOverallAndPerClass() {
    LedgerFixture fixture = new LedgerFixture()
        .failed("1", "a", 0, 5, FailureCode.DEADLINE_EXCEEDED)
        .failed("2", "b", 0, 5, FailureCode.DEADLINE_EXCEEDED)
        .failed("3", "b", 0, 5, FailureCode.STORAGE_UNAVAILABLE);

    RunStatistics stats = RunStatistics.of(fixture.snapshot(), List.of("a", "b"), null);

    assertThat(stats.overall().failuresByCode())
        .containsExactly(Map.entry("deadline_exceeded", 2L), Map.entry("storage_unavailable", 1L));
    assertThat(stats.classes().get(1).failuresByCode()).containsEntry("storage_unavailable", 1L);
    assertThat(stats.overall().latencyMs()).as("failed jobs have no success latency").isNull();
  }

  @Test
  void lostJobsAreSplitByHowFarTheyGot() {
    LedgerFixture fixture = new LedgerFixture()
        .submit("silent", "a", 1, 0)
        .submit("queued", "a", 1, 0).event(TestEvents.accepted("queued"), 5)
        .submit("running", "a", 1, 0).event(TestEvents.accepted("running"), 5)
        .event(TestEvents.started("running"), 6)
        .succeeded("done", "a", 1, 0, 10);

    RunStatistics stats = RunStatistics.of(fixture.snapshot(), List.of("a"), null);

    assertThat(stats.lost()).isEqualTo(new LostStats(3, 1, 1, 1, List.of("silent", "queued", "running")));
    assertThat(stats.overall().lost()).isEqualTo(3);
  }

  @Test
  void duplicatesSeparateRepeatedCeIdsFromConflicts() {
    LedgerFixture fixture = new LedgerFixture()
        .succeeded("dup", "a", 1, 0, 10).event(TestEvents.succeeded("dup", 1, 1), 20)
        .succeeded("conflict", "a", 1, 0, 10).event(TestEvents.failed("conflict", FailureCode.INTERNAL_ERROR), 30)
        .succeeded("again", "a", 1, 0, 10).event(TestEvents.accepted("again"), 40)
        .succeeded("clean", "a", 1, 0, 10);

    DuplicateStats dup = RunStatistics.of(fixture.snapshot(), List.of("a"), null).duplicates();

    assertThat(dup.jobs()).isEqualTo(2);
    assertThat(dup.sameCeIdEvents()).isEqualTo(1);
    assertThat(dup.conflictingJobs()).isEqualTo(1);
    assertThat(dup.reprocessedJobs()).isEqualTo(1);
    assertThat(dup.examples()).containsExactly("dup: succeeded, succeeded", "conflict: succeeded, failed");
  }

  @Test
  void throughputRunsFromTheFirstSubmissionToTheLastTerminalEvent() {
    LedgerFixture fixture = new LedgerFixture();
    for (int i = 0; i < 11; i++) {
      fixture.succeeded("j" + i, "a", 2, 1_000 + i * 500.0, 1_000 + i * 500.0 + 1_000);
    }

    Throughput throughput = RunStatistics.of(fixture.snapshot(), List.of("a"), null).throughput();

    // Submissions 1.0 s .. 6.0 s, last outcome at 7.0 s: 11 jobs in 6 s.
    assertThat(throughput.windowSeconds()).isCloseTo(6.0, within(1e-9));
    assertThat(throughput.jobsPerSecond()).isCloseTo(11 / 6.0, within(1e-9));
    assertThat(throughput.imagesPerSecond()).isCloseTo(22 / 6.0, within(1e-9));
    assertThat(throughput.submitRate()).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void classesOutsideTheMixStillGetARowAndEmptyClassesKeepTheirs() {
    LedgerFixture fixture = new LedgerFixture().succeeded("j", "surprise", 1, 0, 5);

    RunStatistics stats = RunStatistics.of(fixture.snapshot(), List.of("planned"), Duration.ofSeconds(1));

    assertThat(stats.classes()).extracting(ClassStats::name).containsExactly("planned", "surprise");
    assertThat(stats.classes().getFirst().latencyMs()).isNull();
  }

  @Test
  void anEmptyRunHasZeroThroughputAndNoSubmitRate() {
    RunStatistics stats = RunStatistics.of(new LedgerFixture().snapshot(), List.of("a"), null);

    assertThat(stats.throughput()).isEqualTo(new Throughput(0, 0, 0, null));
    assertThat(stats.timeline().buckets()).hasSize(1);
  }
}
