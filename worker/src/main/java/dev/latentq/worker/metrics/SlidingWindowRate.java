package dev.latentq.worker.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Per-second rate of an amount (samples, busy seconds...) over a sliding time window, kept in a ring of buckets so
 * memory stays constant. Right after creation the rate is taken over the time elapsed so far (at least one bucket,
 * 1/30 of the window), not the whole window, so it is not underestimated while the window fills. Thread-safe.
 */
public final class SlidingWindowRate {

  private static final int BUCKETS = 30;

  private final LongSupplier nanoTime;
  private final long bucketNanos;
  private final long startNanos;
  private final double[] amounts = new double[BUCKETS];
  private final long[] bucketIndex = new long[BUCKETS];

  /**
   * @param window the span the rate is averaged over, e.g. 30 s; split into 30 buckets
   * @param nanoTime monotonic clock, {@code System::nanoTime} outside tests
   */
  public SlidingWindowRate(Duration window, LongSupplier nanoTime) {
    if (window.toNanos() < BUCKETS) {
      throw new IllegalArgumentException("rate window " + window + " is too short: use at least 1 ms");
    }
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.bucketNanos = window.toNanos() / BUCKETS;
    this.startNanos = nanoTime.getAsLong();
    Arrays.fill(bucketIndex, -1);
  }

  /** Adds {@code amount} at the current time. */
  public synchronized void add(double amount) {
    long index = indexAt(nanoTime.getAsLong());
    int slot = (int) (index % BUCKETS);
    if (bucketIndex[slot] != index) {
      bucketIndex[slot] = index;
      amounts[slot] = 0;
    }
    amounts[slot] += amount;
  }

  /** The amount added per second over the window ending now. */
  public synchronized double perSecond() {
    long now = nanoTime.getAsLong();
    long current = indexAt(now);
    double sum = 0;
    for (int slot = 0; slot < BUCKETS; slot++) {
      if (bucketIndex[slot] > current - BUCKETS) {
        sum += amounts[slot];
      }
    }
    // The oldest bucket still counted is whole; the current one is only partly elapsed.
    long covered = (BUCKETS - 1) * bucketNanos + (now - startNanos) % bucketNanos;
    long span = Math.max(bucketNanos, Math.min(covered, now - startNanos));
    return sum * 1e9 / span;
  }

  private long indexAt(long now) {
    return (now - startNanos) / bucketNanos;
  }
}
