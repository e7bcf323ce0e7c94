package dev.latentq.worker.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Rate-limits progress events: a job's first and last step always go out, other steps at most once per interval
 * per job. Remembers the last publish time of at most {@code capacity} jobs; when more are tracked the least recently
 * published is forgotten, which at worst lets one extra event through. Thread-safe.
 */
public final class ProgressThrottle {

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Long> lastPublished;

  /**
   * @param interval minimum time between two progress events of one job
   * @param capacity most jobs tracked at once, e.g. the engine's queue limit plus its batch size
   * @param nanoTime monotonic clock, {@code System::nanoTime} outside tests
   */
  public ProgressThrottle(Duration interval, int capacity, LongSupplier nanoTime) {
    if (interval.isNegative()) {
      throw new IllegalArgumentException("progress interval " + interval + " is negative: use 0 to send every step");
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("progress throttle capacity must be >= 1, got " + capacity);
    }
    this.intervalNanos = interval.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.lastPublished = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * Whether the progress event for {@code step} of {@code totalSteps} (1-based) should be published now. A
   * {@code true} answer counts as published. The last step also forgets the job.
   */
  public synchronized boolean shouldPublish(String jobId, int step, int totalSteps) {
    long now = nanoTime.getAsLong();
    if (step >= totalSteps) {
      lastPublished.remove(jobId);
      return true;
    }
    Long last = lastPublished.get(jobId);
    if (step <= 1 || last == null || now - last >= intervalNanos) {
      lastPublished.put(jobId, now);
      return true;
    }
    return false;
  }

  /** Drops what is known about {@code jobId}; call when the job ends in any way. */
  public synchronized void forget(String jobId) {
    lastPublished.remove(jobId);
  }

  /** How many jobs are tracked now. */
  public synchronized int trackedJobs() {
    return lastPublished.size();
  }
}
