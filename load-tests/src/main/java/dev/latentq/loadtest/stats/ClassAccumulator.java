package dev.latentq.loadtest.stats;

import dev.latentq.loadtest.ledger.JobTrace;
import java.util.Map;
import java.util.TreeMap;

/** Adds up the jobs of one class into {@link ClassStats}. Not thread-safe. */
final class ClassAccumulator {

  private final String name;
  private final LatencyRecorder latency = new LatencyRecorder();
  private final LatencyRecorder timeToStart = new LatencyRecorder();
  private final LatencyRecorder workerQueue = new LatencyRecorder();
  private final Map<String, Long> failuresByCode = new TreeMap<>();
  private long submitted;
  private long succeeded;
  private long failed;
  private long canceled;
  private long lost;
  private long notSent;
  private long images;

  ClassAccumulator(String name) {
    this.name = name;
  }

  void add(JobTrace job) {
    submitted++;
    switch (job.outcome()) {
      case SUCCEEDED -> {
        succeeded++;
        images += job.images();
        job.latencyNanos().ifPresent(latency::recordNanos);
        job.workerQueuedMs().ifPresent(workerQueue::recordMillis);
      }
      case FAILED -> {
        failed++;
        failuresByCode.merge(job.failureCode().orElse("unknown"), 1L, Long::sum);
      }
      case CANCELED -> canceled++;
      case LOST -> lost++;
      case NOT_SENT -> notSent++;
    }
    job.timeToStartNanos().ifPresent(timeToStart::recordNanos);
  }

  ClassStats stats() {
    return new ClassStats(name, submitted, succeeded, failed, canceled, lost, notSent, images, latency.summary(),
        timeToStart.summary(), workerQueue.summary(), failuresByCode);
  }
}
