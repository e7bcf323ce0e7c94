package dev.latentq.loadtest.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Shared XChart setup for the load test charts: size, style, line series and PNG output. Stateless. */
final class Charts {

  static final int WIDTH = 1000;
  static final int HEIGHT = 520;

  private Charts() {
  }

  static XYChart xy(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setMarkerSize(4);
    return chart;
  }

  /** Adds a line series; skipped when it has no points, since XChart cannot scale an empty series. */
  static void line(XYChart chart, String name, List<double[]> points) {
    if (points.isEmpty()) {
      return;
    }
    XYSeries series = chart.addSeries(name, RunCharts.column(points, 0), RunCharts.column(points, 1));
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    series.setMarker(points.size() == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
  }

  /** Writes the chart as PNG; a chart without data gets a note in its title instead of failing. */
  static void save(XYChart chart, Path file) throws IOException {
    if (chart.getSeriesCollection().isEmpty()) {
      chart.setTitle(chart.getTitle() + " - no data");
      XYSeries empty = chart.addSeries("no data", new double[] {0}, new double[] {0});
      empty.setMarker(SeriesMarkers.NONE);
    }
    if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", file.toFile())) {
      throw new IllegalStateException("this JVM has no PNG image writer: use a standard JDK to write charts");
    }
  }
}
