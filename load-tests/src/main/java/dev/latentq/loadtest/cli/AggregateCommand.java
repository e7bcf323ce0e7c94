package dev.latentq.loadtest.cli;

import dev.latentq.loadtest.report.AggregateReport;
import dev.latentq.loadtest.report.LoadTestJson;
import dev.latentq.loadtest.report.ReportWriter;
import dev.latentq.loadtest.report.RunSummary;
import dev.latentq.loadtest.report.SweepAxis;
import dev.latentq.loadtest.report.SweepPoint;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code aggregate}: compares several runs' summary.json files in a table and two charts. */
@Command(name = "aggregate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Compare runs (e.g. one per offered load or per max-batch setting): writes aggregate.md, "
        + "throughput-vs-offered.png and p95-vs-offered.png.")
final class AggregateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the aggregate files.")
  Path out;

  @Option(names = "--x", defaultValue = "offeredRate", paramLabel = "offeredRate|label:NAME",
      description = "X axis: the offered rate, or a numeric run label. Default: ${DEFAULT-VALUE}.")
  String xAxis;

  @Option(names = "--series-label", paramLabel = "NAME",
      description = "Draw one line per value of this run label (e.g. maxBatch).")
  String seriesLabel;

  @Parameters(arity = "1..*", paramLabel = "SUMMARY",
      description = "summary.json files, or run directories containing one.")
  List<Path> summaries;

  @Override
  public Integer call() throws Exception {
    LoadTestJson json = new LoadTestJson();
    Map<String, RunSummary> bySource = new LinkedHashMap<>();
    for (Path path : summaries) {
      Path file = Files.isDirectory(path) ? path.resolve(ReportWriter.SUMMARY_FILE) : path;
      bySource.put(file.toString(), json.read(file));
    }
    AggregateReport report = new AggregateReport(SweepAxis.parse(xAxis), seriesLabel);
    List<SweepPoint> points = report.points(bySource);
    report.write(points, out);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println(points.size() + " runs aggregated: " + out.resolve(AggregateReport.MARKDOWN_FILE));
    stdout.flush();
    return 0;
  }
}
