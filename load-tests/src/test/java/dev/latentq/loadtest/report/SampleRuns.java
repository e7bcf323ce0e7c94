package dev.latentq.loadtest.report;

import dev.latentq.loadtest.LedgerFixture;
import dev.latentq.loadtest.LoadRunConfig;
import dev.latentq.loadtest.RunResult;
import dev.latentq.loadtest.TestEvents;
import dev.latentq.loadtest.arrival.ArrivalPlan;
import dev.latentq.protocol.FailureCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A small finished run with every kind of outcome, for report tests. */
final class SampleRuns {

  static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

  private SampleRuns() {
  }

  static LoadRunConfig config(ArrivalPlan plan, Map<String, String> labels) {
    return LoadRunConfig.builder(plan).runId("r1").bootstrapServers("127.0.0.1:9092").seed(42)
        .timeout(Duration.ofSeconds(30)).labels(labels).build();
  }

  /** 20 interactive successes, 5 batch4 successes, a failure, a lost job and a conflicting duplicate. */
  static RunResult mixed() {
    LedgerFixture fixture = new LedgerFixture();
    for (int i = 0; i < 20; i++) {
      fixture.succeeded("lt-r1-i" + i, "interactive", 1, i * 500.0, i * 500.0 + 800 + 10 * i);
    }
    for (int i = 0; i < 5; i++) {
      fixture.succeeded("lt-r1-b" + i, "batch4", 4, i * 2_000.0, i * 2_000.0 + 3_000);
    }
    fixture.failed("lt-r1-f", "draft", 100, 150, FailureCode.DEADLINE_EXCEEDED);
    fixture.submit("lt-r1-lost", "draft", 1, 9_000).event(TestEvents.accepted("lt-r1-lost"), 9_010);
    fixture.event(TestEvents.failed("lt-r1-i3", FailureCode.INTERNAL_ERROR), 5_000);
    return result(fixture, config(ArrivalPlan.constant(2, Duration.ofSeconds(10), null), Map.of("maxBatch", "8")));
  }

  /** A burst of one job that succeeded. */
  static RunResult clean() {
    return result(new LedgerFixture().succeeded("j", "interactive", 1, 0, 100),
        config(ArrivalPlan.burst(1), Map.of()));
  }

  static RunResult result(LedgerFixture fixture, LoadRunConfig config) {
    return new RunResult(config, START, START.plusSeconds(40), fixture.snapshot(), 9_000_000_000L, 1_500_000L,
        false, List.of());
  }
}
