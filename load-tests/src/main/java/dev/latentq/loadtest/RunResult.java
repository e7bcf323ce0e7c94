package dev.latentq.loadtest;

import dev.latentq.loadtest.ledger.LedgerSnapshot;
import dev.latentq.loadtest.mix.JobClass;
import dev.latentq.loadtest.stats.RunStatistics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link LoadRun} observed. Immutable.
 *
 * @param config the run's configuration
 * @param startedAt wall-clock start; ledger times are nanoseconds after it
 * @param finishedAt wall-clock end of waiting for outcomes
 * @param ledger every submitted job with its events
 * @param lastSubmitNanos when the last job was submitted
 * @param maxScheduleLagNanos the most a submission ran behind its planned time; large values mean the generator
 *     could not keep up and the offered load was lower than planned
 * @param stoppedEarly whether {@link LoadRun#requestStop()} cut the run short
 * @param warnings problems worth a line in the report, e.g. the event reader failing
 */
public record RunResult(LoadRunConfig config, Instant startedAt, Instant finishedAt, LedgerSnapshot ledger,
    long lastSubmitNanos, long maxScheduleLagNanos, boolean stoppedEarly, List<String> warnings) {

  public RunResult {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(ledger, "ledger");
    warnings = List.copyOf(warnings);
  }

  /** The statistics with an automatic timeline slice width. */
  public RunStatistics statistics() {
    return statistics(null);
  }

  /** The statistics with timeline slices of {@code bucketWidth} (null: automatic). */
  public RunStatistics statistics(Duration bucketWidth) {
    List<String> classOrder = config.mix().classes().stream().map(JobClass::name).toList();
    return RunStatistics.of(ledger, classOrder, bucketWidth);
  }
}
