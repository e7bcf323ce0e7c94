package dev.latentq.loadtest.faults;

import dev.latentq.devstack.S3Server;
import dev.latentq.loadtest.cluster.LocalCluster;
import dev.latentq.loadtest.ledger.JobTrace;
import dev.latentq.loadtest.ledger.Outcome;
import dev.latentq.loadtest.stats.LatencyRecorder;
import dev.latentq.loadtest.stats.LatencySummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Two workers; at a quarter of the run the S3 server is stopped for the outage, then started again. The workers'
 * storage retry budget (2 min by default) must bridge it: uploads wait and retry, no job fails. The report splits
 * latency by when jobs were submitted: before, during and after the outage.
 */
public final class S3OutageScenario implements FaultScenario {

  private static final List<String> WORKERS = List.of("w1", "w2");
  /** Past the outage, the jobs held back by it need this long to drain at the most. */
  private static final Duration DRAIN_AFTER_OUTAGE = Duration.ofMinutes(2);

  private final Duration outage;

  /** @param outage how long the S3 server stays down */
  public S3OutageScenario(Duration outage) {
    if (outage == null || outage.isNegative() || outage.isZero()) {
      throw new IllegalArgumentException("the S3 outage must be a positive duration, got " + outage);
    }
    this.outage = outage;
  }

  @Override
  public String name() {
    return "s3";
  }

  @Override
  public String description() {
    return "Two workers; the S3 server is stopped for " + outage.toSeconds() + " s at 1/4 of the run, then "
        + "started again.";
  }

  @Override
  public Duration defaultDuration() {
    return Duration.ofMinutes(2).plus(outage);
  }

  @Override
  public FaultOutcome run(LocalCluster cluster, ScenarioSettings settings) throws InterruptedException {
    WORKERS.forEach(cluster::startWorker);
    S3Server s3 = cluster.devstack().s3();
    ScenarioSettings load = settings.withTimeoutAtLeast(outage.plus(DRAIN_AFTER_OUTAGE));
    try (ScenarioRun run = ScenarioRun.start(cluster, name(), load)) {
      long downAt = -1;
      long upAt = -1;
      if (run.awaitElapsed(load.duration().dividedBy(4))) {
        s3.stop();
        downAt = run.elapsed().toNanos();
        run.findings().fault("S3 server stopped");
        Thread.sleep(outage);
        s3.start();
        upAt = run.elapsed().toNanos();
        run.findings().fault("S3 server started again");
      }
      ScenarioResult result = run.finish();
      if (downAt < 0) {
        run.findings().violation("the load run ended before the outage; give it a longer --duration");
      } else {
        // Ledger times count from the load run's clock, which started a moment after the scenario's.
        long offset = Duration.between(result.run().startedAt(), Instant.now()).toNanos()
            - run.elapsed().toNanos();
        run.findings().note(latencyBy(result.run().ledger().jobs(), downAt + offset, upAt + offset));
      }
      return new FaultOutcome(run.report(result, description(), null), result.run());
    }
  }

  private static String latencyBy(List<JobTrace> jobs, long down, long up) {
    LatencyRecorder before = new LatencyRecorder();
    LatencyRecorder during = new LatencyRecorder();
    LatencyRecorder after = new LatencyRecorder();
    for (JobTrace job : jobs) {
      if (job.outcome() != Outcome.SUCCEEDED) {
        continue;
      }
      long submit = job.submit().submitNanos();
      LatencyRecorder window = submit < down ? before : submit < up ? during : after;
      window.recordNanos(job.latencyNanos().orElseThrow());
    }
    return "latency of succeeded jobs by submission time: before the outage " + describe(before.summary())
        + "; during it " + describe(during.summary()) + "; after it " + describe(after.summary());
  }

  private static String describe(LatencySummary summary) {
    return summary == null ? "no jobs" : String.format(Locale.ROOT, "%d jobs, p50 %.0f ms, p95 %.0f ms, max %.0f ms",
        summary.count(), summary.p50(), summary.p95(), summary.max());
  }
}
