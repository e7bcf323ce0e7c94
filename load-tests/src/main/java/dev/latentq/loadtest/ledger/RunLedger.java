package dev.latentq.loadtest.ledger;

import dev.latentq.protocol.event.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Book-keeping of one load run: the jobs submitted and the events read for them. The producer loop records
 * submissions, the event thread records events, and the run waits here until no job is pending.
 *
 * <p>Only the first progress event of a job is kept (workers send one per interval and the report needs only the
 * first). Events for jobs this run did not submit are only counted. Thread-safe.
 */
public final class RunLedger {

  private final Map<String, Entry> jobs = new LinkedHashMap<>();
  private long foreignEvents;
  private long unreadableEvents;
  private int pending;

  /**
   * Records a submission. Call it before handing the job to the producer, so that no event can precede it.
   *
   * @throws IllegalStateException if the id was submitted before in this run
   */
  public synchronized void submitted(SubmittedJob job) {
    if (jobs.putIfAbsent(job.jobId(), new Entry(job)) != null) {
      throw new IllegalStateException("job id " + job.jobId() + " was submitted twice in one run: job ids must be "
          + "unique per run");
    }
    pending++;
  }

  /** Records that the producer failed to deliver a submitted job; it then counts as not sent rather than lost. */
  public synchronized void sendFailed(String jobId, String reason) {
    Entry entry = jobs.get(jobId);
    if (entry == null || entry.sendError != null) {
      return;
    }
    boolean wasSettled = entry.settled();
    entry.sendError = reason == null ? "unknown producer error" : reason;
    if (!wasSettled) {
      pending--;
      notifyAll();
    }
  }

  /** Records an event read from the events topic. */
  public synchronized void observe(ObservedEvent event) {
    Entry entry = jobs.get(event.jobId());
    if (entry == null) {
      foreignEvents++;
      return;
    }
    if (event.type() == EventType.PROGRESS && entry.progressSeen) {
      return;
    }
    entry.progressSeen |= event.type() == EventType.PROGRESS;
    boolean wasSettled = entry.settled();
    entry.events.add(event);
    if (event.terminal()) {
      entry.terminalSeen = true;
    }
    if (!wasSettled && entry.settled()) {
      pending--;
      notifyAll();
    }
  }

  /** Counts a record on the events topic that could not be read as a job event. */
  public synchronized void unreadable() {
    unreadableEvents++;
  }

  /** Jobs submitted and delivered that have no terminal event yet. */
  public synchronized int pending() {
    return pending;
  }

  /** Jobs submitted so far. */
  public synchronized int submittedCount() {
    return jobs.size();
  }

  /**
   * Waits until no job is pending or {@code maxWait} has passed.
   *
   * @return whether every job is settled
   */
  public synchronized boolean awaitSettled(Duration maxWait) throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (pending > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** An immutable copy of everything recorded so far, in submission order. */
  public synchronized LedgerSnapshot snapshot() {
    List<JobTrace> traces = new ArrayList<>(jobs.size());
    for (Entry entry : jobs.values()) {
      traces.add(new JobTrace(entry.job, entry.events, entry.sendError));
    }
    return new LedgerSnapshot(traces, foreignEvents, unreadableEvents);
  }

  /** Mutable state of one job; guarded by the ledger's lock. */
  private static final class Entry {
    private final SubmittedJob job;
    private final List<ObservedEvent> events = new ArrayList<>(4);
    private String sendError;
    private boolean terminalSeen;
    private boolean progressSeen;

    private Entry(SubmittedJob job) {
      this.job = job;
    }

    private boolean settled() {
      return terminalSeen || sendError != null;
    }
  }
}
