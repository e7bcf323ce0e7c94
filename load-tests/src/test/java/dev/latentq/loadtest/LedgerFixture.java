package dev.latentq.loadtest;

import dev.latentq.loadtest.ledger.LedgerSnapshot;
import dev.latentq.loadtest.ledger.ObservedEvent;
import dev.latentq.loadtest.ledger.RunLedger;
import dev.latentq.loadtest.ledger.SubmittedJob;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.event.JobEvent;

/** Fills a {@link RunLedger} with synthetic submissions and events, times in milliseconds after the run start. */
public final class LedgerFixture {

  private static final long MS = 1_000_000L;

  private final RunLedger ledger = new RunLedger();

  /** Submits a job at {@code atMs}. */
  public LedgerFixture submit(String id, String jobClass, int images, double atMs) {
    long nanos = Math.round(atMs * MS);
    ledger.submitted(new SubmittedJob(id, jobClass, images, nanos, nanos));
    return this;
  }

  /** A job of {@code jobClass} that went through accepted, started and succeeded. */
  public LedgerFixture succeeded(String id, String jobClass, int images, double submitMs, double doneMs) {
    submit(id, jobClass, images, submitMs);
    event(TestEvents.accepted(id), submitMs + 1);
    event(TestEvents.started(id), submitMs + 2);
    return event(TestEvents.succeeded(id, images, 1), doneMs);
  }

  /** A job that failed with {@code code}. */
  public LedgerFixture failed(String id, String jobClass, double submitMs, double doneMs, FailureCode code) {
    submit(id, jobClass, 1, submitMs);
    return event(TestEvents.failed(id, code), doneMs);
  }

  /** Records {@code event} as read at {@code atMs}. */
  public LedgerFixture event(JobEvent event, double atMs) {
    ledger.observe(ObservedEvent.of(event, null, Math.round(atMs * MS)));
    return this;
  }

  public RunLedger ledger() {
    return ledger;
  }

  public LedgerSnapshot snapshot() {
    return ledger.snapshot();
  }
}
