package dev.latentq.loadtest.arrival;

import java.util.Locale;

/** How job submissions are spread over time. */
public enum ArrivalPattern {
  /** A fixed interval of 1/rate between submissions. */
  CONSTANT,
  /** A Poisson process: exponentially distributed gaps with mean 1/rate, from a seeded random source. */
  POISSON,
  /** Every job at once. */
  BURST;

  /** The lower-case name used on the command line and in reports, e.g. {@code poisson}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
