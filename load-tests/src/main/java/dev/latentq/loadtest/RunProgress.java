package dev.latentq.loadtest;

/**
 * A progress snapshot of a running load test.
 *
 * @param phase submitting jobs, or waiting for the outcomes of submitted jobs
 * @param elapsedSeconds seconds since the run start
 * @param submitted jobs submitted so far
 * @param pending submitted jobs without an outcome yet
 */
public record RunProgress(Phase phase, double elapsedSeconds, int submitted, int pending) {

  /** What the run is doing. */
  public enum Phase {
    SUBMITTING,
    DRAINING
  }
}
