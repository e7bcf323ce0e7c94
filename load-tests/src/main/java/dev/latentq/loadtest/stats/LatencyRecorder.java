package dev.latentq.loadtest.stats;

import org.HdrHistogram.Histogram;

/** Collects latencies into an auto-resizing HdrHistogram at microsecond resolution. Not thread-safe. */
public final class LatencyRecorder {

  private final Histogram histogram = new Histogram(3);

  /** Adds one latency; negative values (clock skew between threads) count as 0. */
  public void recordNanos(long nanos) {
    histogram.recordValue(Math.max(0, nanos / 1000));
  }

  /** Adds one latency given in milliseconds. */
  public void recordMillis(long millis) {
    histogram.recordValue(Math.max(0, millis) * 1000);
  }

  /** The percentiles, or null when nothing was recorded. */
  public LatencySummary summary() {
    return LatencySummary.ofMicros(histogram);
  }
}
