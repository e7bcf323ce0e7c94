package dev.latentq.worker.storage;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Whether the object store keeps failing: transient failures of storage calls in a row, and since when. A store
 * that answers pings but fails every upload is not healthy; readiness and metrics read this. Thread-safe.
 */
public final class StoreHealth {
  private static final long HEALTHY = Long.MIN_VALUE;

  private final LongSupplier nanoTime;
  private final AtomicLong failingSince = new AtomicLong(HEALTHY);
  private final AtomicInteger failuresInARow = new AtomicInteger();

  /** @param nanoTime monotonic clock, {@code System::nanoTime} outside tests */
  public StoreHealth(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** A storage call succeeded: the store works. */
  void succeeded() {
    failuresInARow.set(0);
    failingSince.set(HEALTHY);
  }

  /** A storage call failed in a way that may pass (server down, throttling, timeouts). */
  void failedTransiently() {
    failuresInARow.incrementAndGet();
    failingSince.compareAndSet(HEALTHY, nanoTime.getAsLong());
  }

  /** How long every call has failed, or empty when the last call succeeded (or none was made). */
  public Optional<Duration> failingFor() {
    long since = failingSince.get();
    return since == HEALTHY ? Optional.empty() : Optional.of(Duration.ofNanos(nanoTime.getAsLong() - since));
  }

  /** Transient failures since the last success. */
  public int failuresInARow() {
    return failuresInARow.get();
  }
}
