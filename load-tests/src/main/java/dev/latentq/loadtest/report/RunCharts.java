package dev.latentq.loadtest.report;

import dev.latentq.loadtest.ledger.JobTrace;
import dev.latentq.loadtest.ledger.Outcome;
import dev.latentq.loadtest.stats.TimeBucket;
import dev.latentq.loadtest.stats.Timeline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the charts of one run as PNG: latency over time (one dot per succeeded job by class, with p50 and p95 per
 * time slice) and throughput over time (submitted and succeeded jobs per second, images per second). Stateless.
 */
public final class RunCharts {

  /** File name of the latency chart. */
  public static final String LATENCY_FILE = "latency.png";
  /** File name of the throughput chart. */
  public static final String THROUGHPUT_FILE = "throughput.png";

  /** Scatter points beyond this are thinned evenly, to keep the chart quick to draw. */
  static final int MAX_POINTS = 20_000;

  /** Writes the latency chart. */
  public void writeLatency(List<JobTrace> jobs, Timeline timeline, Path file) throws IOException {
    XYChart chart = Charts.xy("End-to-end latency over time (succeeded jobs)", "time since start (s)",
        "latency (ms)");
    Map<String, List<double[]>> byClass = new LinkedHashMap<>();
    long succeeded = jobs.stream().filter(j -> j.outcome() == Outcome.SUCCEEDED).count();
    long stride = Math.max(1, (succeeded + MAX_POINTS - 1) / MAX_POINTS);
    long index = 0;
    for (JobTrace job : jobs) {
      if (job.outcome() != Outcome.SUCCEEDED || index++ % stride != 0) {
        continue;
      }
      double x = job.terminal().orElseThrow().receivedNanos() / 1e9;
      double y = job.latencyNanos().orElseThrow() / 1e6;
      byClass.computeIfAbsent(job.submit().jobClass(), k -> new ArrayList<>()).add(new double[] {x, y});
    }
    byClass.forEach((name, points) -> {
      XYSeries series = chart.addSeries(name, column(points, 0), column(points, 1));
      series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      series.setMarker(SeriesMarkers.CIRCLE);
    });
    List<double[]> p50 = new ArrayList<>();
    List<double[]> p95 = new ArrayList<>();
    for (TimeBucket bucket : timeline.buckets()) {
      if (bucket.latencyMs() != null) {
        double mid = bucket.startSeconds() + bucket.widthSeconds() / 2;
        p50.add(new double[] {mid, bucket.latencyMs().p50()});
        p95.add(new double[] {mid, bucket.latencyMs().p95()});
      }
    }
    Charts.line(chart, "p50 per " + Fmt.seconds(timeline.bucketWidth().toMillis() / 1000.0), p50);
    Charts.line(chart, "p95 per " + Fmt.seconds(timeline.bucketWidth().toMillis() / 1000.0), p95);
    Charts.save(chart, file);
  }

  /** Writes the throughput chart. */
  public void writeThroughput(Timeline timeline, Path file) throws IOException {
    String per = Fmt.seconds(timeline.bucketWidth().toMillis() / 1000.0);
    XYChart chart = Charts.xy("Throughput over time (per " + per + " slice)", "time since start (s)", "per second");
    List<double[]> submitted = new ArrayList<>();
    List<double[]> succeeded = new ArrayList<>();
    List<double[]> images = new ArrayList<>();
    for (TimeBucket bucket : timeline.buckets()) {
      double x = bucket.startSeconds();
      submitted.add(new double[] {x, bucket.submittedPerSecond()});
      succeeded.add(new double[] {x, bucket.succeededPerSecond()});
      images.add(new double[] {x, bucket.imagesPerSecond()});
    }
    Charts.line(chart, "submitted jobs/s", submitted);
    Charts.line(chart, "succeeded jobs/s", succeeded);
    Charts.line(chart, "images/s", images);
    Charts.save(chart, file);
  }

  static double[] column(List<double[]> points, int index) {
    double[] values = new double[points.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = points.get(i)[index];
    }
    return values;
  }
}
