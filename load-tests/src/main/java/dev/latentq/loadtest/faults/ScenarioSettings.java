package dev.latentq.loadtest.faults;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The load a fault scenario runs under, and where its progress lines go.
 *
 * @param rate offered load in jobs per second (Poisson arrivals)
 * @param duration how long jobs are submitted; faults are scheduled within it
 * @param timeout how long to wait for outcomes after the last submission; jobs without one are lost
 * @param grace how long to keep reading events once every job has an outcome (late duplicates)
 * @param seed seeds arrivals and jobs
 * @param progress receives one line per fault injected and per load progress report
 */
public record ScenarioSettings(double rate, Duration duration, Duration timeout, Duration grace, long seed,
    Consumer<String> progress) {

  public ScenarioSettings {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("rate must be a positive number of jobs per second, got " + rate);
    }
    requirePositive(duration, "duration");
    requirePositive(timeout, "timeout");
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(progress, "progress");
  }

  /** The same load for {@code duration}. */
  public ScenarioSettings withDuration(Duration value) {
    return new ScenarioSettings(rate, value, timeout, grace, seed, progress);
  }

  /** The same load with a timeout of at least {@code minimum}. */
  public ScenarioSettings withTimeoutAtLeast(Duration minimum) {
    return timeout.compareTo(minimum) >= 0 ? this
        : new ScenarioSettings(rate, duration, minimum, grace, seed, progress);
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
    }
  }
}
