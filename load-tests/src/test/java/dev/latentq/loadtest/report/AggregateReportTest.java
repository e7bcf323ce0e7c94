package dev.latentq.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.loadtest.LedgerFixture;
import dev.latentq.loadtest.arrival.ArrivalPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregateReportTest {

  @TempDir
  Path dir;

  @Test
  void pointsAreSortedBySeriesThenOfferedRate() {
    Map<String, RunSummary> summaries = new LinkedHashMap<>();
    summaries.put("b8-r4", run(4, "8", 800));
    summaries.put("b4-r2", run(2, "4", 300));
    summaries.put("b8-r2", run(2, "8", 200));
    summaries.put("b4-r4", run(4, "4", 900));

    List<SweepPoint> points = new AggregateReport(SweepAxis.OFFERED_RATE, "maxBatch").points(summaries);

    assertThat(points).extracting(SweepPoint::source).containsExactly("b4-r2", "b4-r4", "b8-r2", "b8-r4");
    assertThat(points).extracting(SweepPoint::series)
        .containsExactly("maxBatch=4", "maxBatch=4", "maxBatch=8", "maxBatch=8");
    assertThat(points).extracting(SweepPoint::x).containsExactly(2.0, 4.0, 2.0, 4.0);
  }

  @Test
  void writesATableRowPerRunAndBothCharts() throws IOException {
    AggregateReport report = new AggregateReport(SweepAxis.OFFERED_RATE, null);
    List<SweepPoint> points = report.points(Map.of("one", run(2, "8", 300), "two", run(4, "8", 900)));

    report.write(points, dir);

    String md = Files.readString(dir.resolve(AggregateReport.MARKDOWN_FILE));
    assertThat(md).contains("| series | offered load (jobs/s) | achieved jobs/s | images/s | succeeded | p50 ms | "
        + "p95 ms | p99 ms | max ms | failed | lost | duplicates | run |\n");
    assertThat(md).containsPattern("\\| runs \\| 2 \\| \\d+\\.\\d\\d \\| \\d+\\.\\d\\d \\| 10/10 \\| 300\\.\\d \\|");
    assertThat(md).containsPattern("\\| runs \\| 4 \\| .* \\| 10/10 \\| 90\\d\\.\\d \\|");
    assertThat(md).contains("![Throughput vs offered load](throughput-vs-offered.png)");
    ReportWriterTest.png(dir.resolve(AggregateReport.THROUGHPUT_FILE));
    ReportWriterTest.png(dir.resolve(AggregateReport.P95_FILE));
  }

  @Test
  void aLabelCanBeTheXAxis() {
    List<SweepPoint> points = new AggregateReport(SweepAxis.parse("label:maxBatch"), null)
        .points(Map.of("a", run(2, "16", 100)));

    assertThat(points.getFirst().x()).isEqualTo(16.0);
  }

  @Test
  void burstRunsHaveNoOfferedRateAndSaySo() {
    RunSummary burst = RunSummary.of(SampleRuns.clean());

    assertThatThrownBy(() -> new AggregateReport(SweepAxis.OFFERED_RATE, null).points(Map.of("x.json", burst)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x.json is a burst run").hasMessageContaining("--x label:NAME");
  }

  @Test
  void unknownAxesAreRejected() {
    assertThatThrownBy(() -> SweepAxis.parse("rate")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offeredRate or label:NAME");
  }

  @Test
  void readingSomethingElseThanASummaryFailsWithTheFileName() throws IOException {
    Path file = Files.writeString(dir.resolve("other.json"), "{\"schema\": \"other\"}");

    assertThatThrownBy(() -> new LoadTestJson().read(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other.json is not a load test summary");
  }

  /** Ten jobs at {@code rate} jobs/s, each taking {@code latencyMs}. */
  private static RunSummary run(double rate, String maxBatch, double latencyMs) {
    LedgerFixture fixture = new LedgerFixture();
    for (int i = 0; i < 10; i++) {
      double at = i * 1000 / rate;
      fixture.succeeded("j" + i, "interactive", 1, at, at + latencyMs);
    }
    return RunSummary.of(SampleRuns.result(fixture, SampleRuns.config(
        ArrivalPlan.constant(rate, Duration.ofSeconds(10), null), Map.of("maxBatch", maxBatch))));
  }
}
