package dev.latentq.loadtest.capacity;

import dev.latentq.loadtest.report.AggregateReport;
import dev.latentq.loadtest.report.RunSummary;
import dev.latentq.loadtest.report.SweepAxis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code capacity.md}: per maximum batch, throughput and p95 latency against offered load with the targets
 * checked (saturated throughput ≥ 90% of the cost model's capacity; p95 at 70% load ≤ 2× a lone job's latency),
 * then throughput against worker count; plus the two charts over all batch sizes.
 */
final class CapacityReport {
  static final String FILE = "capacity.md";

  void write(CapacityResults results, Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, RunSummary> runs = new LinkedHashMap<>();
    results.batches().forEach(b -> b.loads().values().forEach(p -> runs.put(
        "batch-" + b.batch() + "/load-" + p.load(), p.summary())));
    AggregateReport charts = new AggregateReport(SweepAxis.OFFERED_RATE, "maxBatch");
    charts.write(charts.points(runs), dir.resolve("charts"));
    Files.writeString(dir.resolve(FILE), markdown(results), StandardCharsets.UTF_8);
  }

  String markdown(CapacityResults results) {
    CapacityRunner.Plan plan = results.plan();
    StringBuilder md = new StringBuilder("# Capacity on the simulated accelerator\n\n");
    md.append(String.format(Locale.ROOT, "Cost model `%s`; jobs: SD 1.5 512x512, %d steps, guidance 7.5 (two U-Net"
        + " rows per image per step), one image each; Poisson arrivals for %d s per point; one worker per batch"
        + " sweep.%n%n", results.costs().name(), plan.steps(), plan.duration().toSeconds()));
    md.append("| max batch (images) | capacity (img/s) | U-Net bound | lone p50 (ms) | offered (img/s) | achieved (img/s)"
        + " | achieved / capacity | p50 (ms) | p95 (ms) | p95 / lone | U-Net rows per call | engine busy | lost |"
        + " failed |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (CapacityResults.BatchSweep b : results.batches()) {
      for (CapacityResults.LoadPoint p : b.loads().values()) {
        md.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.0f | %.2f | %.2f | %.0f%% | %.0f | %.0f | %.2f |"
            + " %s | %s | %d | %d |%n", b.batch(), b.capacity(), b.unetBound(), b.loneLatencyMs(),
            p.load() * b.capacity(), p.imagesPerSecond(), 100 * p.imagesPerSecond() / b.capacity(),
            p.summary().overall().latencyMs() == null ? Double.NaN : p.summary().overall().latencyMs().p50(),
            p.p95Ms(), p.p95Ms() / b.loneLatencyMs(), format(p.metrics().rowsPerCall(), "%.1f"),
            percent(p.metrics().engineBusy()), p.summary().overall().lost(), p.summary().overall().failed()));
      }
    }
    md.append("\n## Targets\n\n| max batch | saturated throughput / capacity (≥ 90%) | p95 at ~70% load / lone (≤ 2) |\n"
        + "|---|---|---|\n");
    for (CapacityResults.BatchSweep b : results.batches()) {
      CapacityResults.LoadPoint saturated = b.loads().values().stream()
          .max((x, y) -> Double.compare(x.load(), y.load())).orElseThrow();
      CapacityResults.LoadPoint seventy = b.loads().values().stream()
          .min((x, y) -> Double.compare(Math.abs(x.load() - 0.7), Math.abs(y.load() - 0.7))).orElseThrow();
      md.append(String.format(Locale.ROOT, "| %d | %.0f%% (at %.0f%% offered) | %.2f (at %.0f%% offered) |%n",
          b.batch(), 100 * saturated.imagesPerSecond() / b.capacity(), 100 * saturated.load(),
          seventy.p95Ms() / b.loneLatencyMs(), 100 * seventy.load()));
    }
    if (!results.workers().isEmpty()) {
      double single = results.workers().getFirst().imagesPerSecond() / results.workers().getFirst().workers();
      md.append(String.format(Locale.ROOT, "%n## Worker processes in one group (max batch %d, saturating load)%n%n",
          plan.workerBatch()));
      md.append("| workers | offered (img/s) | achieved (img/s) | per worker | scaling vs linear | p95 (ms) | lost |"
          + " failed |\n|---|---|---|---|---|---|---|---|\n");
      for (CapacityResults.WorkerPoint w : results.workers()) {
        md.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.0f%% | %.0f | %d | %d |%n", w.workers(),
            w.offeredImagesPerSecond(), w.imagesPerSecond(), w.imagesPerSecond() / w.workers(),
            100 * w.imagesPerSecond() / (single * w.workers()),
            w.summary().overall().latencyMs() == null ? Double.NaN : w.summary().overall().latencyMs().p95(),
            w.summary().overall().lost(), w.summary().overall().failed()));
      }
    }
    md.append("\nCharts: [throughput vs offered](charts/throughput-vs-offered.png), "
        + "[p95 vs offered](charts/p95-vs-offered.png). Each run's full report is in its folder.\n");
    return md.toString();
  }

  private static String format(OptionalDouble value, String pattern) {
    return value.isPresent() ? String.format(Locale.ROOT, pattern, value.getAsDouble()) : "n/a";
  }

  private static String percent(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.0f%%", 100 * value.getAsDouble()) : "n/a";
  }
}
