package dev.latentq.loadtest.faults;

import dev.latentq.loadtest.cluster.LocalCluster;
import java.time.Duration;

/**
 * One scripted fault test: starts its workers on a fresh {@link LocalCluster}, runs load through a
 * {@link ScenarioRun} while it injects its faults on a schedule, and checks the goals. Every wait is bounded.
 */
public interface FaultScenario {

  /** Short name, used on the command line and as the report directory, e.g. {@code kill}. */
  String name();

  /** What the scenario does, one sentence for the report. */
  String description();

  /** How long jobs are submitted when the caller does not say. */
  Duration defaultDuration();

  /**
   * Runs the scenario on a started cluster without workers; the caller closes the cluster.
   *
   * @throws IllegalStateException if the scenario could not run (a worker did not start, the broker was
   *     unreachable); a goal that does not hold is a violation in the report instead
   */
  FaultOutcome run(LocalCluster cluster, ScenarioSettings settings) throws InterruptedException;
}
