package dev.latentq.loadtest.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One figure comparing scheduling configurations against offered load: latency percentiles on the left axis and
 * throughput on the right, one line per configuration and measure. Stateless.
 */
public final class ComparisonChart {

  /**
   * @param latency series name (e.g. {@code step p95}) -> (offered images/s, ms) points
   * @param throughput series name -> (offered images/s, achieved images/s) points
   */
  public void write(String title, Map<String, List<double[]>> latency, Map<String, List<double[]>> throughput,
      Path file) throws IOException {
    XYChart chart = Charts.xy(title, "offered load (images/s)", "latency (ms)");
    chart.setYAxisGroupTitle(1, "throughput (images/s)");
    latency.forEach((name, points) -> add(chart, name, points, 0));
    throughput.forEach((name, points) -> add(chart, name, points, 1));
    Charts.save(chart, file);
  }

  /** One line through one point per configuration, e.g. p95 at 70 % load against saturated throughput. */
  public void writeTradeOff(String title, String xTitle, String yTitle, List<double[]> points, Path file)
      throws IOException {
    XYChart chart = Charts.xy(title, xTitle, yTitle);
    add(chart, yTitle, points, 0);
    Charts.save(chart, file);
  }

  private static void add(XYChart chart, String name, List<double[]> points, int axis) {
    if (points.isEmpty()) {
      return;
    }
    XYSeries series = chart.addSeries(name, RunCharts.column(points, 0), RunCharts.column(points, 1));
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    series.setMarker(SeriesMarkers.CIRCLE);
    series.setYAxisGroup(axis);
  }
}
