package dev.latentq.loadtest.faults;

import dev.latentq.loadtest.ledger.JobTrace;
import dev.latentq.loadtest.ledger.ObservedEvent;
import dev.latentq.protocol.event.EventType;
import dev.latentq.protocol.event.JobEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every event of a fault run except progress, by job id, in the order read (a job's events share a partition, so
 * this is the order they were published in). Immutable.
 *
 * @param byJob events per job id, for every job seen on the topic
 * @param unreadable records on the events topic that were not readable job events
 */
public record EventLog(Map<String, List<SeenEvent>> byJob, long unreadable) {

  public EventLog {
    byJob = Map.copyOf(byJob);
  }

  /** The events of one job; empty when none was read. */
  public List<SeenEvent> of(String jobId) {
    return byJob.getOrDefault(jobId, List.of());
  }

  /** The succeeded events of one job (more than one after a redelivery). */
  public List<JobEvent.Succeeded> succeeded(String jobId) {
    List<JobEvent.Succeeded> list = new ArrayList<>();
    for (SeenEvent seen : of(jobId)) {
      if (seen.event() instanceof JobEvent.Succeeded s) {
        list.add(s);
      }
    }
    return list;
  }

  /** The first failed event of one job. */
  public Optional<JobEvent.Failed> firstFailed(String jobId) {
    return of(jobId).stream().map(SeenEvent::event).filter(JobEvent.Failed.class::isInstance)
        .map(JobEvent.Failed.class::cast).findFirst();
  }

  /** The job's trace as the load generator would have recorded it had it kept reading until now. */
  public JobTrace retrace(JobTrace original) {
    List<ObservedEvent> events = new ArrayList<>();
    for (SeenEvent seen : of(original.jobId())) {
      events.add(ObservedEvent.of(seen.event(), seen.ceId(), 0));
    }
    return new JobTrace(original.submit(), events, original.sendError());
  }

  /** Jobs among {@code jobIds} whose first terminal event is a success, counted per worker that ran them. */
  public Map<String, Long> successesByWorker(Iterable<String> jobIds) {
    Map<String, Long> counts = new TreeMap<>();
    for (String id : jobIds) {
      of(id).stream().filter(e -> e.event().type().terminal()).findFirst()
          .filter(e -> e.event().type() == EventType.SUCCEEDED)
          .ifPresent(e -> counts.merge(e.workerId(), 1L, Long::sum));
    }
    return counts;
  }

  /** Jobs among {@code jobIds} that were started by more than one worker (taken over after a kill or rebalance). */
  public long startedOnSeveralWorkers(Iterable<String> jobIds) {
    long count = 0;
    for (String id : jobIds) {
      long workers = of(id).stream().filter(e -> e.event().type() == EventType.STARTED).map(SeenEvent::workerId)
          .distinct().count();
      if (workers > 1) {
        count++;
      }
    }
    return count;
  }
}
