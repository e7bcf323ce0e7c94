package dev.latentq.loadtest.arrival;

import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Arrivals of a Poisson process: gaps drawn from the exponential distribution with mean 1/rate by inverse transform
 * sampling, so the same seed yields the same times. The first arrival comes one gap after the start. Not
 * thread-safe.
 */
final class PoissonSchedule implements ArrivalSchedule {

  private final double ratePerNano;
  private final long endNanos;
  private final long maxCount;
  private final Random random;
  private double nextOffset;
  private long count;

  PoissonSchedule(double ratePerSecond, long endNanos, long maxCount, Random random) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.endNanos = endNanos;
    this.maxCount = maxCount;
    this.random = random;
    this.nextOffset = gap();
  }

  @Override
  public boolean hasNext() {
    return count < maxCount && nextOffset < endNanos;
  }

  @Override
  public long nextLong() {
    if (!hasNext()) {
      throw new NoSuchElementException("the Poisson schedule is exhausted");
    }
    long offset = Math.round(nextOffset);
    count++;
    nextOffset += gap();
    return offset;
  }

  private double gap() {
    // 1 - U lies in (0, 1], so the logarithm stays finite.
    return -Math.log(1.0 - random.nextDouble()) / ratePerNano;
  }
}
