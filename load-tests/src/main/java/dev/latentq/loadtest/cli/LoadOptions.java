package dev.latentq.loadtest.cli;

import dev.latentq.loadtest.arrival.ArrivalPattern;
import dev.latentq.loadtest.arrival.ArrivalPlan;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The mutually exclusive ways to offer load: a rate (constant or Poisson) with an end, or one burst. */
final class LoadOptions {

  @ArgGroup(exclusive = false, heading = "Offered rate:%n")
  RateOptions rate;

  @Option(names = "--burst", paramLabel = "N", description = "Submit N jobs at once.")
  Long burst;

  /** The plan; validation messages come from {@link ArrivalPlan}. */
  ArrivalPlan plan() {
    if (burst != null) {
      return ArrivalPlan.burst(burst);
    }
    return switch (rate.arrivals) {
      case CONSTANT -> ArrivalPlan.constant(rate.rate, rate.duration, rate.count);
      case POISSON -> ArrivalPlan.poisson(rate.rate, rate.duration, rate.count);
      case BURST -> throw new IllegalArgumentException("--arrivals burst is not a rate: use --burst N instead");
    };
  }

  /** Options of a rate-driven run. */
  static final class RateOptions {
    @Option(names = "--rate", required = true, paramLabel = "JOBS_PER_S",
        description = "Offered load in jobs per second (e.g. 2 or 0.5).")
    double rate;

    @Option(names = "--arrivals", defaultValue = "constant", paramLabel = "constant|poisson",
        description = "Fixed interval, or Poisson arrivals (exponential gaps, seeded). Default: ${DEFAULT-VALUE}.")
    ArrivalPattern arrivals;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
        description = "Stop submitting after this long (e.g. 60s, 5m).")
    Duration duration;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N jobs (with --duration: whichever first).")
    Long count;
  }
}
