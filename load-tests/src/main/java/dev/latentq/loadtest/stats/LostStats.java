package dev.latentq.loadtest.stats;

import dev.latentq.loadtest.ledger.JobTrace;
import dev.latentq.loadtest.ledger.Outcome;
import dev.latentq.protocol.event.EventType;
import java.util.ArrayList;
import java.util.List;

/**
 * Jobs delivered to Kafka without a terminal event before the run stopped waiting, split by how far they got.
 *
 * @param total lost jobs
 * @param neverAccepted no event at all: no worker took them up (or their events were lost)
 * @param acceptedNotStarted accepted but never started: stuck in a worker's queue
 * @param startedNotFinished started (or progressing) without a terminal event
 * @param examples up to {@value #MAX_EXAMPLES} lost job ids
 */
public record LostStats(long total, long neverAccepted, long acceptedNotStarted, long startedNotFinished,
    List<String> examples) {

  /** How many example job ids are kept. */
  public static final int MAX_EXAMPLES = 20;

  public LostStats {
    examples = List.copyOf(examples);
  }

  /** The lost jobs among {@code traces}. */
  public static LostStats of(List<JobTrace> traces) {
    long total = 0;
    long neverAccepted = 0;
    long acceptedOnly = 0;
    long started = 0;
    List<String> examples = new ArrayList<>();
    for (JobTrace trace : traces) {
      if (trace.outcome() != Outcome.LOST) {
        continue;
      }
      total++;
      if (trace.first(EventType.STARTED).isPresent() || trace.first(EventType.PROGRESS).isPresent()) {
        started++;
      } else if (trace.first(EventType.ACCEPTED).isPresent()) {
        acceptedOnly++;
      } else {
        neverAccepted++;
      }
      if (examples.size() < MAX_EXAMPLES) {
        examples.add(trace.jobId());
      }
    }
    return new LostStats(total, neverAccepted, acceptedOnly, started, examples);
  }
}
