package dev.latentq.loadtest.report;

import java.util.Objects;

/**
 * One run in an aggregate.
 *
 * @param series the series it belongs to (a label value, or {@code runs})
 * @param x its position on the x axis
 * @param source where its summary came from
 * @param summary the run's summary
 */
public record SweepPoint(String series, double x, String source, RunSummary summary) {
  public SweepPoint {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(summary, "summary");
  }
}
