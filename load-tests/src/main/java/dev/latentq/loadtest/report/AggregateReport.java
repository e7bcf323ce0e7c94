package dev.latentq.loadtest.report;

import dev.latentq.loadtest.stats.ClassStats;
import dev.latentq.loadtest.stats.LatencySummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * Compares several runs, e.g. one per offered load or per max-batch setting: a Markdown table plus "throughput vs
 * offered load" and "p95 latency vs offered load" charts, one line per series. Stateless.
 */
public final class AggregateReport {

  /** File name of the Markdown table. */
  public static final String MARKDOWN_FILE = "aggregate.md";
  /** File name of the throughput chart. */
  public static final String THROUGHPUT_FILE = "throughput-vs-offered.png";
  /** File name of the p95 latency chart. */
  public static final String P95_FILE = "p95-vs-offered.png";
  /** Series name when no series label is given. */
  public static final String DEFAULT_SERIES = "runs";

  private final SweepAxis axis;
  private final String seriesLabel;

  /**
   * @param axis the x axis
   * @param seriesLabel nullable: runs with different values of this label become separate lines
   */
  public AggregateReport(SweepAxis axis, String seriesLabel) {
    this.axis = axis;
    this.seriesLabel = seriesLabel;
  }

  /** The points of {@code summaries} (keyed by source), sorted by series then x. */
  public List<SweepPoint> points(Map<String, RunSummary> summaries) {
    List<SweepPoint> points = new ArrayList<>();
    summaries.forEach((source, summary) -> points.add(
        new SweepPoint(series(summary), axis.valueOf(summary, source), source, summary)));
    points.sort(Comparator.comparing(SweepPoint::series).thenComparingDouble(SweepPoint::x));
    return points;
  }

  /** Writes the table and both charts into {@code directory}, creating it if needed. */
  public void write(List<SweepPoint> points, Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.writeString(directory.resolve(MARKDOWN_FILE), markdown(points), StandardCharsets.UTF_8);
    writeThroughput(points, directory.resolve(THROUGHPUT_FILE));
    writeP95(points, directory.resolve(P95_FILE));
  }

  /** The Markdown text: a table of every run and links to the charts. */
  public String markdown(List<SweepPoint> points) {
    MarkdownTable table = new MarkdownTable(List.of("series", axis.title(), "achieved jobs/s", "images/s",
        "succeeded", "p50 ms", "p95 ms", "p99 ms", "max ms", "failed", "lost", "duplicates", "run"), 1);
    for (SweepPoint point : points) {
      RunSummary s = point.summary();
      ClassStats all = s.overall();
      LatencySummary latency = all.latencyMs();
      table.row(point.series(), Fmt.number(point.x()), Fmt.rate(s.throughput().jobsPerSecond()),
          Fmt.rate(s.throughput().imagesPerSecond()), all.succeeded() + "/" + all.submitted(),
          Fmt.ms(latency, LatencySummary::p50), Fmt.ms(latency, LatencySummary::p95),
          Fmt.ms(latency, LatencySummary::p99), Fmt.ms(latency, LatencySummary::max), Long.toString(all.failed()),
          Long.toString(all.lost()), Long.toString(s.duplicates().jobs()), "`" + s.runId() + "`");
    }
    return "# Load test aggregate\n\n"
        + points.size() + " runs, x axis: " + axis.title()
        + (seriesLabel == null ? "" : ", one series per value of label `" + seriesLabel + "`") + ".\n\n"
        + table.render() + "\n"
        + "Latencies are end-to-end, over succeeded jobs of all classes.\n\n"
        + "![Throughput vs offered load](" + THROUGHPUT_FILE + ")\n\n"
        + "![p95 latency vs offered load](" + P95_FILE + ")\n";
  }

  private void writeThroughput(List<SweepPoint> points, Path file) throws IOException {
    XYChart chart = Charts.xy("Achieved throughput vs " + axis.title(), axis.title(), "succeeded jobs/s");
    bySeries(points).forEach((series, list) -> Charts.line(chart, series,
        list.stream().map(p -> new double[] {p.x(), p.summary().throughput().jobsPerSecond()}).toList()));
    if (axis.label() == null && !points.isEmpty()) {
      double min = points.stream().mapToDouble(SweepPoint::x).min().orElseThrow();
      double max = points.stream().mapToDouble(SweepPoint::x).max().orElseThrow();
      Charts.line(chart, "offered", List.of(new double[] {min, min}, new double[] {max, max}));
    }
    Charts.save(chart, file);
  }

  private void writeP95(List<SweepPoint> points, Path file) throws IOException {
    XYChart chart = Charts.xy("p95 end-to-end latency vs " + axis.title(), axis.title(), "p95 latency (ms)");
    bySeries(points).forEach((series, list) -> Charts.line(chart, series, list.stream()
        .filter(p -> p.summary().overall().latencyMs() != null)
        .map(p -> new double[] {p.x(), p.summary().overall().latencyMs().p95()}).toList()));
    Charts.save(chart, file);
  }

  private static Map<String, List<SweepPoint>> bySeries(List<SweepPoint> points) {
    Map<String, List<SweepPoint>> series = new LinkedHashMap<>();
    points.forEach(p -> series.computeIfAbsent(p.series(), k -> new ArrayList<>()).add(p));
    return series;
  }

  private String series(RunSummary summary) {
    if (seriesLabel == null) {
      return DEFAULT_SERIES;
    }
    return seriesLabel + "=" + summary.labels().getOrDefault(seriesLabel, "?");
  }
}
