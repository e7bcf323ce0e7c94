package dev.latentq.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {

  private final String report = new MarkdownReport(List.of("latency.png", "throughput.png"))
      .render(RunSummary.of(SampleRuns.mixed()));

  @Test
  void startsWithTheRunAndItsParameters() {
    assertThat(report).startsWith("# Load test `r1`\n\nStarted 2026-11-26T10:00:00Z, finished 2026-11-26T10:00:40Z.");
    assertThat(report).contains("| arrivals | constant, 2 jobs/s, for 10s |\n")
        .contains("| seed | 42 |\n")
        .contains("| timeout after last submission | 30 s |\n")
        .contains("| labels | maxBatch=8 |\n");
  }

  @Test
  void listsTheMixWithShares() {
    assertThat(report).contains("| class | weight | share | model | size | steps | guidance | images | priority | "
        + "scheduler | deadline |\n| --- | --- |")
        .contains("| interactive | 70 | 70.0% | shapes-sd | 128x128 | 20 | 5 | 1 | 10 | model default | – |\n")
        .contains("| draft | 10 | 10.0% | shapes-sd | 128x128 | 8 | 5 | 1 | 5 | dpmpp_2m | – |\n");
  }

  @Test
  void hasOneLatencyRowPerClassAndABoldTotal() {
    assertThat(report).contains("| class | submitted | succeeded | failed | canceled | lost | images | p50 | p95 | "
        + "p99 | max | start p50 | start p95 | queue p50 | queue p95 |\n");
    assertThat(report).containsPattern("\\| interactive \\| 20 \\| 20 \\| 0 \\| 0 \\| 0 \\| 20 \\| 89\\d\\.\\d \\|");
    // HdrHistogram reports the top of a value's 0.1% bucket.
    assertThat(report).containsPattern("\\| batch4 \\| 5 \\| 5 \\| 0 \\| 0 \\| 0 \\| 20 \\| 300[0-3]\\.\\d \\|");
    assertThat(report).contains("| draft | 2 | 0 | 1 | 0 | 1 | 0 | – | – | – | – |");
    assertThat(report).contains("| **all** | 27 | 25 | 1 | 0 | 1 | 40 |");
  }

  @Test
  void reportsFailuresLostJobsAndDuplicates() {
    assertThat(report).contains("| `deadline_exceeded` | 1 | no |\n");
    assertThat(report).contains("1 jobs had no terminal event within 30 s after the last submission: 0 never "
        + "accepted, 1 accepted but never started, 0 started but unfinished.")
        .contains("Examples: `lt-r1-lost`");
    assertThat(report).contains("| jobs with more than one terminal event | 1 |\n")
        .contains("| extra terminal events repeating a `ce_id` (deduplicable) | 0 |\n")
        .contains("| jobs with conflicting terminal events (different `ce_id`s) | 1 |\n")
        .contains("`lt-r1-i3: succeeded, failed`");
  }

  @Test
  void embedsTheChartsAndLeavesTheInterpretationToHumans() {
    assertThat(report).contains("![latency.png](latency.png)").contains("![throughput.png](throughput.png)");
    assertThat(report).containsPattern("## Interpretation\n\n_For a human to fill in: .*_\n$");
  }

  @Test
  void aCleanRunSaysSo() {
    String clean = new MarkdownReport(List.of()).render(RunSummary.of(SampleRuns.clean()));

    assertThat(clean).contains("No job failed.").contains("None: every delivered job reached a terminal event.")
        .contains("None: no job had more than one terminal event").doesNotContain("### Charts")
        .doesNotContain("### Warnings");
  }
}
