package dev.latentq.loadtest.ledger;

import java.util.List;

/**
 * What a {@link RunLedger} held at one moment. Immutable.
 *
 * @param jobs one trace per submitted job, in submission order
 * @param foreignEvents events for jobs this run did not submit (other clients, earlier runs)
 * @param unreadableEvents records on the events topic that were not readable job events
 */
public record LedgerSnapshot(List<JobTrace> jobs, long foreignEvents, long unreadableEvents) {
  public LedgerSnapshot {
    jobs = List.copyOf(jobs);
  }
}
