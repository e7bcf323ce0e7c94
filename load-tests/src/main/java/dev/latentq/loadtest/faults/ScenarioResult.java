package dev.latentq.loadtest.faults;

import dev.latentq.loadtest.RunResult;
import dev.latentq.loadtest.ledger.JobTrace;
import dev.latentq.loadtest.stats.DuplicateStats;
import dev.latentq.loadtest.stats.RunStatistics;
import java.time.Duration;
import java.util.List;

/**
 * What a scenario's run produced, before the scenario's own checks.
 *
 * @param run the load run
 * @param statistics its statistics
 * @param events every event read until the end (late duplicates included)
 * @param duplicates terminal duplicates of the run's jobs, from {@code events}
 * @param objects the stored images of the succeeded jobs
 * @param workersAlive workers alive at the end, of those not stopped on purpose
 * @param workersExpected workers not stopped on purpose
 * @param elapsed time since the scenario's run started
 */
public record ScenarioResult(RunResult run, RunStatistics statistics, EventLog events, DuplicateStats duplicates,
    ObjectCheck objects, int workersAlive, int workersExpected, Duration elapsed) {

  /** The ids of the good jobs, in submission order. */
  public List<String> jobIds() {
    return run.ledger().jobs().stream().map(JobTrace::jobId).toList();
  }
}
