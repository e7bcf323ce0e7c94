package dev.latentq.worker.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latentq.protocol.FailureCode;
import dev.latentq.worker.metrics.WorkerMetrics;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Metric names on both sides: what the worker's registry exports and what a dashboard queries. Stateless. */
final class MetricNames {
  private static final Pattern METRIC = Pattern.compile("\\blatentq_[a-z0-9_]+");

  private MetricNames() {}

  /** Every series name (with Prometheus suffixes) the worker exports once each kind of event was recorded. */
  static Set<String> exportedByWorker() {
    WorkerMetrics metrics = new WorkerMetrics("w", Set.of("m"), () -> 0L);
    metrics.jobSucceeded("m");
    metrics.jobFailed("m", FailureCode.MODEL_ERROR);
    metrics.jobCanceled("m");
    metrics.jobDeadLettered(FailureCode.INVALID_JSON);
    metrics.recordJobTime("m", WorkerMetrics.JobPhase.QUEUED, 1_000_000);
    metrics.recordJobTime("m", WorkerMetrics.JobPhase.TOTAL, 2_000_000);
    metrics.recordStep("m", 1_000_000);
    metrics.recordUnetCall("m", 4, 8, 1_000_000);
    metrics.recordDecode("m", 1_000_000);
    metrics.recordUpload(1_000_000);
    metrics.recordEngineBusy(1_000_000);
    metrics.recordConsumerLag(3, Map.of(0, 3L));
    return metrics.scrape().lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every {@code latentq_*} name in any text of a Grafana dashboard (queries, variables, descriptions). */
  static Set<String> queriedBy(JsonNode dashboard) {
    Set<String> names = new TreeSet<>();
    collect(dashboard, names);
    return names;
  }

  private static void collect(JsonNode node, Set<String> names) {
    if (node.isTextual()) {
      METRIC.matcher(node.asText()).results().forEach(m -> names.add(m.group()));
    }
    node.forEach(child -> collect(child, names));
  }
}
