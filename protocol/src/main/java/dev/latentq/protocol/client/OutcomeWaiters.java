package dev.latentq.protocol.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Futures waiting for job outcomes, plus the most recent outcomes seen so that a waiter registered just after its
 * outcome arrived still completes. Thread-safe; futures are completed outside the lock, on the calling thread.
 */
final class OutcomeWaiters {

  private final Map<String, List<CompletableFuture<JobOutcome>>> waiting = new HashMap<>();
  private final Map<String, JobOutcome> recent;
  private RuntimeException closedCause;

  OutcomeWaiters(int recentCapacity) {
    this.recent = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, JobOutcome> eldest) {
        return size() > recentCapacity;
      }
    };
  }

  /** A future for the job's most recent outcome seen, or else its next one. */
  synchronized CompletableFuture<JobOutcome> awaitLatest(String jobId) {
    JobOutcome known = recent.get(jobId);
    return known != null ? CompletableFuture.completedFuture(known) : register(jobId);
  }

  /** A future for the job's next outcome, ignoring earlier ones (for a job about to be submitted again). */
  synchronized CompletableFuture<JobOutcome> awaitNext(String jobId) {
    return register(jobId);
  }

  /** Completes the job's waiters with {@code outcome} and remembers it. */
  void complete(JobOutcome outcome) {
    List<CompletableFuture<JobOutcome>> done;
    synchronized (this) {
      recent.remove(outcome.jobId()); // re-insert so the newest outcomes are evicted last
      recent.put(outcome.jobId(), outcome);
      done = waiting.remove(outcome.jobId());
    }
    if (done != null) {
      done.forEach(future -> future.complete(outcome));
    }
  }

  /** Fails every waiter with {@code cause}, and every later registration too. */
  void closeAll(RuntimeException cause) {
    List<CompletableFuture<JobOutcome>> all = new ArrayList<>();
    synchronized (this) {
      if (closedCause == null) {
        closedCause = cause;
      }
      waiting.values().forEach(all::addAll);
      waiting.clear();
    }
    all.forEach(future -> future.completeExceptionally(cause));
  }

  /** Fails {@code future} with a {@link TimeoutException} naming the job if it is not done within {@code timeout}. */
  static <T> CompletableFuture<T> withTimeout(CompletableFuture<T> future, String jobId, Duration timeout) {
    CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(() -> future
        .completeExceptionally(new TimeoutException("no outcome for job '" + jobId + "' within " + timeout
            + ": check that a worker serves its model and that the events topic is right")));
    return future;
  }

  synchronized int waiterCount() {
    return waiting.values().stream().mapToInt(List::size).sum();
  }

  private CompletableFuture<JobOutcome> register(String jobId) {
    if (closedCause != null) {
      return CompletableFuture.failedFuture(closedCause);
    }
    CompletableFuture<JobOutcome> future = new CompletableFuture<>();
    waiting.computeIfAbsent(jobId, id -> new ArrayList<>()).add(future);
    // A waiter that times out or is canceled by the caller must not stay registered.
    future.whenComplete((outcome, error) -> forget(jobId, future));
    return future;
  }

  private synchronized void forget(String jobId, CompletableFuture<JobOutcome> future) {
    List<CompletableFuture<JobOutcome>> futures = waiting.get(jobId);
    if (futures != null && futures.remove(future) && futures.isEmpty()) {
      waiting.remove(jobId);
    }
  }
}
