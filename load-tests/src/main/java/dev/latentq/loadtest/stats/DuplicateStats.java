package dev.latentq.loadtest.stats;

import dev.latentq.loadtest.ledger.JobTrace;
import dev.latentq.loadtest.ledger.ObservedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Jobs with more than one terminal event. A repeated {@code ce_id} is a redelivery that consumers deduplicating on
 * ({@code ce_source}, {@code ce_id}) absorb; different terminal {@code ce_id}s for one job (say succeeded and failed)
 * conflict and no consumer can tell which is true.
 *
 * @param jobs jobs with two or more terminal events
 * @param sameCeIdEvents extra terminal events whose {@code ce_id} repeated one already read for the job
 * @param conflictingJobs jobs whose terminal events carry different {@code ce_id}s
 * @param reprocessedJobs jobs whose accepted or started event repeated: a worker took them up again
 * @param examples up to {@value #MAX_EXAMPLES} jobs with their terminal event kinds, e.g. {@code lt-x-3: succeeded,
 *     failed}
 */
public record DuplicateStats(long jobs, long sameCeIdEvents, long conflictingJobs, long reprocessedJobs,
    List<String> examples) {

  /** How many example job ids are kept. */
  public static final int MAX_EXAMPLES = 20;

  public DuplicateStats {
    examples = List.copyOf(examples);
  }

  /** The duplicates among {@code traces}. */
  public static DuplicateStats of(List<JobTrace> traces) {
    long jobs = 0;
    long sameCeId = 0;
    long conflicting = 0;
    long reprocessed = 0;
    List<String> examples = new ArrayList<>();
    for (JobTrace trace : traces) {
      if (trace.repeatedNonTerminalIds() > 0) {
        reprocessed++;
      }
      List<ObservedEvent> terminals = trace.terminals();
      if (terminals.size() < 2) {
        continue;
      }
      jobs++;
      sameCeId += trace.repeatedTerminalIds();
      if (trace.conflictingTerminals()) {
        conflicting++;
      }
      if (examples.size() < MAX_EXAMPLES) {
        examples.add(trace.jobId() + ": "
            + terminals.stream().map(e -> e.type().kind()).collect(Collectors.joining(", ")));
      }
    }
    return new DuplicateStats(jobs, sameCeId, conflicting, reprocessed, examples);
  }
}
