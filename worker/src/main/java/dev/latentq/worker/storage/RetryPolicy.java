package dev.latentq.worker.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries storage calls that fail with a transient {@link StorageException}: exponential backoff with jitter,
 * waiting on Vert.x timers (no thread sleeps), until a total time budget is spent. Permanent failures and any
 * other exception end the call at once. Immutable and thread-safe.
 *
 * @param initialDelay nominal wait before the first retry
 * @param multiplier growth of the nominal wait per retry, at least 1
 * @param maxDelay cap of the nominal wait
 * @param budget total time from the first attempt after which no retry starts; zero disables retries
 */
public record RetryPolicy(Duration initialDelay, double multiplier, Duration maxDelay, Duration budget) {

  private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

  /** Validates the values. */
  public RetryPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(budget, "budget");
    if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("Retry delays need 0 < initialDelay <= maxDelay, got " + initialDelay
          + " and " + maxDelay);
    }
    if (!(multiplier >= 1)) {
      throw new IllegalArgumentException("Retry multiplier must be >= 1, got " + multiplier);
    }
    if (budget.isNegative()) {
      throw new IllegalArgumentException("Retry budget must not be negative, got " + budget
          + ": use Duration.ZERO to disable retries");
    }
  }

  /** 200 ms, doubling, at most 5 s between attempts, within {@code budget} (e.g. storage.retryBudget). */
  public static RetryPolicy withBudget(Duration budget) {
    return new RetryPolicy(Duration.ofMillis(200), 2.0, Duration.ofSeconds(5), budget);
  }

  /** The nominal wait before retry number {@code retry} (1 = first retry), before jitter. */
  public Duration nominalDelay(int retry) {
    double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1));
    return Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
  }

  /**
   * Runs {@code attempt} until it succeeds, fails permanently or the budget is spent; then the last transient
   * failure is returned, its message saying how many attempts were made. Each retry is logged at WARN.
   *
   * @param vertx owner of the backoff timers
   * @param attempt starts one attempt; called on the caller's thread first, later on the event loop of a timer
   */
  public <T> Future<T> execute(Vertx vertx, Supplier<Future<T>> attempt) {
    return execute(vertx, attempt, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** Like {@link #execute(Vertx, Supplier)} with a given source of jitter in [0, 1). */
  <T> Future<T> execute(Vertx vertx, Supplier<Future<T>> attempt, DoubleSupplier jitter) {
    return execute(vertx, attempt, jitter, System::nanoTime);
  }

  /** Like {@link #execute(Vertx, Supplier, DoubleSupplier)}, spending the budget on a given monotonic clock. */
  <T> Future<T> execute(Vertx vertx, Supplier<Future<T>> attempt, DoubleSupplier jitter, LongSupplier nanoTime) {
    return run(new Run<>(vertx, attempt, jitter, nanoTime, nanoTime.getAsLong()), 1);
  }

  /**
   * The wait before retry {@code retry}: "equal jitter", half the nominal delay plus a random part of the other
   * half, so that workers failing together spread out but still back off.
   */
  long jitteredDelayMillis(int retry, double random) {
    long nominal = nominalDelay(retry).toMillis();
    return nominal / 2 + (long) (random * (nominal - nominal / 2));
  }

  private <T> Future<T> run(Run<T> run, int attemptNumber) {
    return start(run.attempt).recover(failure -> {
      if (!(failure instanceof StorageException storage) || !storage.isTransient()) {
        return Future.failedFuture(failure);
      }
      Duration elapsed = Duration.ofNanos(run.nanoTime.getAsLong() - run.startNanos);
      long remainingMillis = budget.minus(elapsed).toMillis();
      if (remainingMillis <= 0) {
        return Future.failedFuture(storage.exhausted(attemptNumber, elapsed, budget));
      }
      long delay = Math.max(1, Math.min(jitteredDelayMillis(attemptNumber, run.jitter.getAsDouble()),
          remainingMillis));
      LOG.warn("Attempt {} failed, retrying in {} ms ({} ms of the retry budget left): {}", attemptNumber, delay,
          remainingMillis, storage.getMessage(), storage);
      return run.vertx.timer(delay, TimeUnit.MILLISECONDS).compose(v -> run(run, attemptNumber + 1));
    });
  }

  private static <T> Future<T> start(Supplier<Future<T>> attempt) {
    try {
      return attempt.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private record Run<T>(Vertx vertx, Supplier<Future<T>> attempt, DoubleSupplier jitter, LongSupplier nanoTime,
      long startNanos) {
  }
}
