package dev.latentq.loadtest.faults;

import dev.latentq.loadtest.RunResult;
import java.util.Objects;

/**
 * A scenario's fault report with the load run behind it (for the load report).
 *
 * @param report the fault table row and findings
 * @param load the load run's result
 */
public record FaultOutcome(FaultReport report, RunResult load) {
  public FaultOutcome {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(load, "load");
  }
}
