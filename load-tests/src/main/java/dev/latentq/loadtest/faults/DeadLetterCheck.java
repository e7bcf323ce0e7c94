package dev.latentq.loadtest.faults;

import java.util.List;
import java.util.Map;

/**
 * How the hostile records of a run came out of the worker: in the dead-letter topic with a reason, unchanged, with a
 * failed event when their id was readable.
 *
 * @param sent hostile records the broker acknowledged
 * @param sendFailures hostile records the producer could not deliver (never seen by a worker)
 * @param dlqRecords records in the dead-letter topic, all of them
 * @param deadLettered distinct hostile records found there
 * @param extraCopies copies beyond the first of a hostile record (it was processed again after a redelivery)
 * @param truncatedCopies hostile records whose copy keeps only the beginning of a value too large for the topic,
 *     marked with {@code dead-letter-value-truncated}
 * @param withReason of those, the ones with a non-blank {@code dead-letter-reason} and the expected
 *     {@code dead-letter-code}, with their original key and value (or its marked beginning)
 * @param foreign dead-letter records that are not hostile records of this run (good jobs dead-lettered)
 * @param failedEventsExpected hostile records with a readable job id
 * @param failedEventsSeen of those, the ones with a failed event carrying the expected code
 * @param unexpectedEvents hostile records of a key-level kind whose job id got an event anyway
 * @param byKind the same tallies per kind
 * @param problems up to {@value ObjectCheck#MAX_PROBLEMS} examples of what went wrong
 */
public record DeadLetterCheck(long sent, long sendFailures, long dlqRecords, long deadLettered, long extraCopies,
    long truncatedCopies, long withReason, long foreign, long failedEventsExpected, long failedEventsSeen,
    long unexpectedEvents, Map<HostileKind, KindTally> byKind, List<String> problems) {

  public DeadLetterCheck {
    byKind = Map.copyOf(byKind);
    problems = List.copyOf(problems);
  }

  /** Whether every hostile record was dead-lettered intact with a reason, failed when it could be, and no other. */
  public boolean clean() {
    return sendFailures == 0 && deadLettered == sent && withReason == sent && foreign == 0
        && failedEventsSeen == failedEventsExpected
        && unexpectedEvents == 0;
  }

  /**
   * The tallies of one kind.
   *
   * @param sampleReason nullable: one {@code dead-letter-reason} the worker gave
   */
  public record KindTally(long sent, long deadLettered, long withReason, long failedEventsExpected,
      long failedEventsSeen, String sampleReason) {}
}
