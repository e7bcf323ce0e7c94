package dev.latentq.loadtest;

import java.time.Instant;

/**
 * The time base of one run: monotonic nanoseconds since its start, shared by the producer loop and the event thread,
 * plus the wall-clock start for reports. Immutable and thread-safe.
 */
public final class RunClock {

  private final long startNanos;
  private final Instant startedAt;

  private RunClock(long startNanos, Instant startedAt) {
    this.startNanos = startNanos;
    this.startedAt = startedAt;
  }

  /** A clock starting now. */
  public static RunClock startNow() {
    return new RunClock(System.nanoTime(), Instant.now());
  }

  /** Nanoseconds since the start. */
  public long nanos() {
    return System.nanoTime() - startNanos;
  }

  /** Wall-clock time of the start. */
  public Instant startedAt() {
    return startedAt;
  }

  /** Wall-clock time {@code nanos} after the start. */
  public Instant wallClock(long nanos) {
    return startedAt.plusNanos(nanos);
  }
}
