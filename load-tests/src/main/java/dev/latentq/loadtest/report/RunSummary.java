package dev.latentq.loadtest.report;

import dev.latentq.loadtest.RunResult;
import dev.latentq.loadtest.stats.ClassStats;
import dev.latentq.loadtest.stats.DuplicateStats;
import dev.latentq.loadtest.stats.LostStats;
import dev.latentq.loadtest.stats.RunStatistics;
import dev.latentq.loadtest.stats.Throughput;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The machine-readable result of one run, written as {@code summary.json} and read back by {@code aggregate}.
 * Latencies are in milliseconds, rates per second. New fields may be added; existing ones keep their meaning.
 *
 * @param schema always {@value #SCHEMA}
 * @param runId run id
 * @param startedAt wall-clock start
 * @param finishedAt wall-clock end
 * @param labels free-form tags, e.g. {@code maxBatch=8}
 * @param parameters the configuration
 * @param offeredRate nullable: planned jobs per second (null for a burst)
 * @param throughput achieved rates
 * @param overall every job together: counts, latency, time to start, worker queue time, failures by code
 * @param classes the same per class
 * @param lost jobs without a terminal event
 * @param duplicates jobs with more than one terminal event
 * @param maxScheduleLagMs the most a submission ran behind plan
 * @param foreignEvents events for jobs of other runs
 * @param unreadableEvents unreadable records on the events topic
 * @param stoppedEarly whether the run was interrupted
 * @param warnings problems seen during the run
 */
public record RunSummary(String schema, String runId, Instant startedAt, Instant finishedAt,
    Map<String, String> labels, RunParameters parameters, Double offeredRate, Throughput throughput,
    ClassStats overall, List<ClassStats> classes, LostStats lost, DuplicateStats duplicates, double maxScheduleLagMs,
    long foreignEvents, long unreadableEvents, boolean stoppedEarly, List<String> warnings) {

  /** Identifies the format; bumped only for incompatible changes. */
  public static final String SCHEMA = "latentq.load-test.summary/1";

  public RunSummary {
    labels = labels == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    classes = List.copyOf(classes);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** The summary of {@code result} with its {@code statistics}. */
  public static RunSummary of(RunResult result, RunStatistics statistics) {
    RunParameters parameters = RunParameters.of(result.config());
    return new RunSummary(SCHEMA, result.config().runId(), result.startedAt(), result.finishedAt(),
        result.config().labels(), parameters, parameters.ratePerSecond(), statistics.throughput(),
        statistics.overall(), statistics.classes(), statistics.lost(), statistics.duplicates(),
        result.maxScheduleLagNanos() / 1e6, statistics.foreignEvents(), statistics.unreadableEvents(),
        result.stoppedEarly(), result.warnings());
  }

  /** The summary of {@code result} with automatic statistics. */
  public static RunSummary of(RunResult result) {
    return of(result, result.statistics());
  }
}
