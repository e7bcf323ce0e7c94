package dev.latentq.loadtest.stats;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency distribution, in milliseconds. HdrHistogram keeps three significant digits, so values are
 * exact to 0.1%.
 *
 * @param count number of samples
 * @param p50 median
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param max largest sample
 * @param mean arithmetic mean
 */
public record LatencySummary(long count, double p50, double p95, double p99, double max, double mean) {

  /** The summary of a histogram recorded in microseconds, or null when it is empty. */
  public static LatencySummary ofMicros(Histogram histogram) {
    if (histogram.getTotalCount() == 0) {
      return null;
    }
    return new LatencySummary(histogram.getTotalCount(),
        millis(histogram.getValueAtPercentile(50)),
        millis(histogram.getValueAtPercentile(95)),
        millis(histogram.getValueAtPercentile(99)),
        millis(histogram.getMaxValue()),
        histogram.getMean() / 1000.0);
  }

  private static double millis(long micros) {
    return micros / 1000.0;
  }
}
