package dev.latentq.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.loadtest.LedgerFixture;
import dev.latentq.loadtest.RunResult;
import dev.latentq.loadtest.arrival.ArrivalPlan;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  @TempDir
  Path dir;

  @Test
  void writesReportSummaryCsvAndDecodableCharts() throws IOException {
    RunResult result = SampleRuns.mixed();

    new ReportWriter().write(result, result.statistics(), dir);

    assertThat(Files.readString(dir.resolve("report.md"))).startsWith("# Load test `r1`");
    assertThat(png(dir.resolve("latency.png"))).isNotNull();
    assertThat(png(dir.resolve("throughput.png"))).isNotNull();
    List<String> csv = Files.readAllLines(dir.resolve("jobs.csv"));
    assertThat(csv.getFirst()).isEqualTo(JobsCsv.HEADER);
    assertThat(csv).hasSize(1 + 27);
    assertThat(csv).anySatisfy(line -> assertThat(line).startsWith("lt-r1-lost,draft,1,9000.000,9000.000,9010.000,,,,"
        + "lost,,0,"));
    assertThat(csv).anySatisfy(line -> assertThat(line).startsWith("lt-r1-f,draft,1,100.000,100.000,,,,150.000,"
        + "failed,deadline_exceeded,1,50.000"));
  }

  @Test
  void theSummaryReadsBackWithEveryNumber() throws IOException {
    RunResult result = SampleRuns.mixed();
    RunSummary written = new ReportWriter().write(result, result.statistics(), dir);

    RunSummary read = new LoadTestJson().read(dir.resolve("summary.json"));

    assertThat(read).isEqualTo(written);
    assertThat(read.schema()).isEqualTo(RunSummary.SCHEMA);
    assertThat(read.offeredRate()).isEqualTo(2.0);
    assertThat(read.labels()).containsEntry("maxBatch", "8");
    assertThat(read.classes()).extracting(c -> c.name()).containsExactly("interactive", "batch4", "draft");
    assertThat(read.overall().lost()).isEqualTo(1);
    assertThat(read.duplicates().conflictingJobs()).isEqualTo(1);
    assertThat(read.overall().failuresByCode()).containsEntry("deadline_exceeded", 1L);
    assertThat(read.parameters().mix()).hasSize(3);
  }

  @Test
  void summaryJsonUsesReadableFieldNames() throws IOException {
    RunResult result = SampleRuns.mixed();
    new ReportWriter().write(result, result.statistics(), dir);

    String json = Files.readString(dir.resolve("summary.json"));

    assertThat(json).contains("\"schema\" : \"latentq.load-test.summary/1\"")
        .contains("\"offeredRate\" : 2.0")
        .contains("\"jobsPerSecond\"")
        .contains("\"latencyMs\" : {")
        .contains("\"p95\"")
        .contains("\"startedAt\" : \"2026-11-26T10:00:00Z\"");
  }

  @Test
  void chartsOfARunWithoutOutcomesAreStillWritten() throws IOException {
    RunResult result = SampleRuns.result(new LedgerFixture().submit("j", "interactive", 1, 0),
        SampleRuns.config(ArrivalPlan.burst(1), Map.of()));

    new ReportWriter().write(result, result.statistics(), dir);

    assertThat(png(dir.resolve("latency.png"))).isNotNull();
    assertThat(Files.readString(dir.resolve("report.md"))).contains("| offered rate | burst |");
  }

  static BufferedImage png(Path file) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).as(file + " decodes").isNotNull();
    assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
    assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
    return image;
  }
}
