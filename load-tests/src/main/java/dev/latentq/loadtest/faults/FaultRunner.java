package dev.latentq.loadtest.faults;

import dev.latentq.loadtest.cluster.LocalCluster;
import dev.latentq.loadtest.report.ReportWriter;
import dev.latentq.loadtest.stats.ClassStats;
import dev.latentq.loadtest.stats.DuplicateStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs fault scenarios one after the other, each on a fresh {@link LocalCluster} under {@code out/<scenario>/cluster}
 * (broker, S3 server and worker logs stay there), and writes {@code out/<scenario>/report.md} (the load run's report
 * followed by the fault section) and {@code out/faults.md} (the table of every scenario). A scenario that cannot
 * run at all is reported as violated and the next one still runs. Not thread-safe.
 */
public final class FaultRunner {

  /** File name of the combined table. */
  public static final String SUMMARY_FILE = "faults.md";

  private final Options options;
  private final FaultMarkdown markdown = new FaultMarkdown();

  /**
   * How to run.
   *
   * @param out the report directory
   * @param rate offered load in jobs per second
   * @param duration nullable: how long each scenario submits jobs; null takes each scenario's default
   * @param timeout how long to wait for outcomes after the last submission
   * @param grace how long to keep reading events after every job ended
   * @param seed seeds arrivals and jobs
   * @param partitions partitions of the jobs and events topics
   * @param progress receives progress lines
   */
  public record Options(Path out, double rate, Duration duration, Duration timeout, Duration grace, long seed,
      int partitions, Consumer<String> progress) {
    public Options {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(progress, "progress");
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
      }
    }
  }

  public FaultRunner(Options options) {
    this.options = options;
  }

  /** Runs the scenarios in order and returns their reports, also written to the output directory. */
  public List<FaultReport> run(List<FaultScenario> scenarios) throws InterruptedException {
    List<FaultReport> reports = new ArrayList<>();
    for (FaultScenario scenario : scenarios) {
      reports.add(runOne(scenario));
      write(options.out().resolve(SUMMARY_FILE), "# Fault tests\n\n" + markdown.table(reports));
    }
    return reports;
  }

  private FaultReport runOne(FaultScenario scenario) throws InterruptedException {
    Path dir = options.out().resolve(scenario.name());
    ScenarioSettings settings = new ScenarioSettings(options.rate(),
        options.duration() != null ? options.duration() : scenario.defaultDuration(), options.timeout(),
        options.grace(), options.seed(), options.progress());
    options.progress().accept("[" + scenario.name() + "] " + scenario.description() + " Jobs for "
        + settings.duration().toSeconds() + " s at " + settings.rate() + " jobs/s; cluster in "
        + dir.resolve("cluster"));
    long start = System.nanoTime();
    FaultReport report;
    try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), options.partitions(), Map.of())) {
      FaultOutcome outcome = scenario.run(cluster, settings);
      report = outcome.report();
      new ReportWriter().write(outcome.load(), outcome.load().statistics(), dir);
      append(dir.resolve(ReportWriter.REPORT_FILE), "\n" + markdown.section(report));
    } catch (RuntimeException | IOException e) {
      report = crashed(scenario, Duration.ofNanos(System.nanoTime() - start), e);
      write(dir.resolve(ReportWriter.REPORT_FILE), markdown.section(report));
    }
    options.progress().accept("[" + scenario.name() + "] " + (report.goalsMet() ? "goals met"
        : "GOALS VIOLATED: " + report.violations()));
    return report;
  }

  private static FaultReport crashed(FaultScenario scenario, Duration elapsed, Exception e) {
    ClassStats none = new ClassStats(ClassStats.ALL, 0, 0, 0, 0, 0, 0, 0, null, null, null, Map.of());
    return new FaultReport(scenario.name(), scenario.description(), none, new DuplicateStats(0, 0, 0, 0, List.of()),
        new ObjectCheck(0, 0, 0, 0, 0, 0, List.of()), null, 0, 0, elapsed, List.of(), List.of(),
        List.of("the scenario could not run: " + e));
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static void append(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
