package dev.latentq.loadtest.faults;

import dev.latentq.loadtest.stats.ClassStats;
import dev.latentq.loadtest.stats.DuplicateStats;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one fault scenario: one row of the fault table plus what was injected, observed and violated.
 * Immutable.
 *
 * @param scenario the scenario's name, e.g. {@code kill}
 * @param description what the scenario did, one sentence
 * @param jobs the good jobs: submitted, succeeded, failed by code, lost, not sent, latency
 * @param duplicates terminal duplicates by {@code ce_id} (repeated vs conflicting), from every event read until the
 *     end of the run, late ones included
 * @param objects the stored images of the succeeded jobs
 * @param deadLetters nullable: the hostile records, for scenarios that send them
 * @param workersAlive worker processes alive at the end, of {@code workersExpected} that should be
 * @param workersExpected workers that were not stopped on purpose
 * @param duration the scenario's wall-clock time, cluster start excluded
 * @param faults the faults injected, with their times
 * @param notes observations
 * @param violations goals that did not hold; empty when all held
 */
public record FaultReport(String scenario, String description, ClassStats jobs, DuplicateStats duplicates,
    ObjectCheck objects, DeadLetterCheck deadLetters, int workersAlive, int workersExpected, Duration duration,
    List<String> faults, List<String> notes, List<String> violations) {

  public FaultReport {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(duplicates, "duplicates");
    Objects.requireNonNull(objects, "objects");
    faults = List.copyOf(faults);
    notes = List.copyOf(notes);
    violations = List.copyOf(violations);
  }

  /** Whether every goal held. */
  public boolean goalsMet() {
    return violations.isEmpty();
  }
}
