package dev.latentq.loadtest.stats;

import dev.latentq.loadtest.ledger.JobTrace;
import dev.latentq.loadtest.ledger.LedgerSnapshot;
import dev.latentq.loadtest.ledger.ObservedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers of a run, computed from its {@link LedgerSnapshot}. Immutable.
 *
 * @param overall every job together (name {@value ClassStats#ALL})
 * @param classes one entry per class, in mix order, then classes seen only in the ledger
 * @param throughput achieved rates
 * @param lost jobs without a terminal event
 * @param duplicates jobs with more than one terminal event
 * @param timeline the run in time slices
 * @param foreignEvents events for jobs of other runs or clients
 * @param unreadableEvents records on the events topic that were not readable job events
 */
public record RunStatistics(ClassStats overall, List<ClassStats> classes, Throughput throughput, LostStats lost,
    DuplicateStats duplicates, Timeline timeline, long foreignEvents, long unreadableEvents) {

  public RunStatistics {
    classes = List.copyOf(classes);
  }

  /**
   * Computes the statistics.
   *
   * @param snapshot the ledger at the end of the run
   * @param classOrder class names in report order (the mix order)
   * @param bucketWidth nullable: timeline slice width, automatic when null
   */
  public static RunStatistics of(LedgerSnapshot snapshot, List<String> classOrder, Duration bucketWidth) {
    List<JobTrace> jobs = snapshot.jobs();
    ClassAccumulator all = new ClassAccumulator(ClassStats.ALL);
    Map<String, ClassAccumulator> byClass = new LinkedHashMap<>();
    classOrder.forEach(name -> byClass.put(name, new ClassAccumulator(name)));
    for (JobTrace job : jobs) {
      all.add(job);
      byClass.computeIfAbsent(job.submit().jobClass(), ClassAccumulator::new).add(job);
    }
    List<ClassStats> classes = new ArrayList<>();
    byClass.values().forEach(acc -> classes.add(acc.stats()));
    ClassStats overall = all.stats();
    return new RunStatistics(overall, classes, throughput(jobs, overall), LostStats.of(jobs),
        DuplicateStats.of(jobs), Timeline.of(jobs, bucketWidth), snapshot.foreignEvents(),
        snapshot.unreadableEvents());
  }

  private static Throughput throughput(List<JobTrace> jobs, ClassStats overall) {
    if (jobs.isEmpty()) {
      return new Throughput(0, 0, 0, null);
    }
    long firstSubmit = Long.MAX_VALUE;
    long lastSubmit = Long.MIN_VALUE;
    long lastTerminal = Long.MIN_VALUE;
    for (JobTrace job : jobs) {
      firstSubmit = Math.min(firstSubmit, job.submit().submitNanos());
      lastSubmit = Math.max(lastSubmit, job.submit().submitNanos());
      lastTerminal = Math.max(lastTerminal, job.terminal().map(ObservedEvent::receivedNanos).orElse(Long.MIN_VALUE));
    }
    double window = lastTerminal > firstSubmit ? (lastTerminal - firstSubmit) / 1e9 : 0;
    double submitSpan = (lastSubmit - firstSubmit) / 1e9;
    // n submissions span n-1 intervals; a burst has no meaningful rate.
    Double submitRate = jobs.size() > 1 && submitSpan >= 0.001 ? (jobs.size() - 1) / submitSpan : null;
    return new Throughput(window,
        window > 0 ? overall.succeeded() / window : 0,
        window > 0 ? overall.images() / window : 0,
        submitRate);
  }
}
