package dev.latentq.loadtest.arrival;

import java.util.NoSuchElementException;

/**
 * Submissions at 0, 1/rate, 2/rate... Each time is computed from its index rather than summed, so rounding does not
 * drift over long runs. Not thread-safe.
 */
final class ConstantSchedule implements ArrivalSchedule {

  private final double intervalNanos;
  private final long endNanos;
  private final long maxCount;
  private long index;

  ConstantSchedule(double ratePerSecond, long endNanos, long maxCount) {
    this.intervalNanos = 1e9 / ratePerSecond;
    this.endNanos = endNanos;
    this.maxCount = maxCount;
  }

  @Override
  public boolean hasNext() {
    return index < maxCount && offset(index) < endNanos;
  }

  @Override
  public long nextLong() {
    if (!hasNext()) {
      throw new NoSuchElementException("the constant schedule is exhausted");
    }
    return offset(index++);
  }

  private long offset(long i) {
    return Math.round(i * intervalNanos);
  }
}
