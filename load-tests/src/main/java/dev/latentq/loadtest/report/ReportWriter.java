package dev.latentq.loadtest.report;

import dev.latentq.loadtest.RunResult;
import dev.latentq.loadtest.stats.RunStatistics;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes everything about one run into a directory: {@code report.md}, {@code summary.json}, {@code jobs.csv},
 * {@code latency.png} and {@code throughput.png}. Stateless.
 */
public final class ReportWriter {

  /** File name of the Markdown report. */
  public static final String REPORT_FILE = "report.md";
  /** File name of the machine-readable summary. */
  public static final String SUMMARY_FILE = "summary.json";

  private final LoadTestJson json = new LoadTestJson();
  private final RunCharts charts = new RunCharts();

  /**
   * Writes the files, creating {@code directory} if needed.
   *
   * @return the summary that was written
   */
  public RunSummary write(RunResult result, RunStatistics statistics, Path directory) throws IOException {
    Files.createDirectories(directory);
    RunSummary summary = RunSummary.of(result, statistics);
    json.write(summary, directory.resolve(SUMMARY_FILE));
    try (Writer out = Files.newBufferedWriter(directory.resolve(JobsCsv.FILE), StandardCharsets.UTF_8)) {
      new JobsCsv().write(result.ledger().jobs(), out);
    }
    charts.writeLatency(result.ledger().jobs(), statistics.timeline(), directory.resolve(RunCharts.LATENCY_FILE));
    charts.writeThroughput(statistics.timeline(), directory.resolve(RunCharts.THROUGHPUT_FILE));
    String markdown = new MarkdownReport(List.of(RunCharts.LATENCY_FILE, RunCharts.THROUGHPUT_FILE)).render(summary);
    Files.writeString(directory.resolve(REPORT_FILE), markdown, StandardCharsets.UTF_8);
    return summary;
  }
}
