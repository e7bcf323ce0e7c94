package dev.latentq.loadtest.stats;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Results of one job class, or of all jobs together.
 *
 * @param name class name, or {@code all}
 * @param submitted jobs handed to the producer
 * @param succeeded jobs whose first terminal event was succeeded
 * @param failed jobs whose first terminal event was failed
 * @param canceled jobs whose first terminal event was canceled
 * @param lost delivered jobs without a terminal event within the timeout
 * @param notSent jobs the producer could not deliver
 * @param images images of the succeeded jobs
 * @param latencyMs nullable: end-to-end latency of succeeded jobs (terminal event read minus submission)
 * @param timeToStartMs nullable: submission until the started event was read
 * @param workerQueueMs nullable: the worker's {@code timings.queuedMs} of succeeded jobs
 * @param failuresByCode failed jobs per failure code
 */
public record ClassStats(String name, long submitted, long succeeded, long failed, long canceled, long lost,
    long notSent, long images, LatencySummary latencyMs, LatencySummary timeToStartMs, LatencySummary workerQueueMs,
    Map<String, Long> failuresByCode) {

  /** Name of the row that covers every class. */
  public static final String ALL = "all";

  public ClassStats {
    Objects.requireNonNull(name, "name");
    failuresByCode = Collections.unmodifiableSortedMap(new TreeMap<>(failuresByCode));
  }
}
