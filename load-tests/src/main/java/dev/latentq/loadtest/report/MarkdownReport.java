package dev.latentq.loadtest.report;

import dev.latentq.loadtest.stats.ClassStats;
import dev.latentq.loadtest.stats.DuplicateStats;
import dev.latentq.loadtest.stats.LatencySummary;
import dev.latentq.loadtest.stats.LostStats;
import dev.latentq.loadtest.stats.Throughput;
import dev.latentq.protocol.FailureCode;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders {@code report.md} from a {@link RunSummary}: parameters, results per class, failures, lost jobs,
 * duplicates, the charts and an interpretation section left for humans. Stateless.
 */
public final class MarkdownReport {

  private final List<String> chartFiles;

  /** A report embedding these chart files (relative to the report). */
  public MarkdownReport(List<String> chartFiles) {
    this.chartFiles = List.copyOf(chartFiles);
  }

  /** The report text. */
  public String render(RunSummary summary) {
    StringBuilder md = new StringBuilder();
    md.append("# Load test `").append(summary.runId()).append("`\n\n");
    md.append("Started ").append(summary.startedAt().truncatedTo(ChronoUnit.MILLIS)).append(", finished ")
        .append(summary.finishedAt().truncatedTo(ChronoUnit.MILLIS))
        .append(summary.stoppedEarly() ? " (**stopped early**)" : "").append(".\n\n");
    parameters(md, summary);
    results(md, summary);
    perClass(md, summary);
    failures(md, summary.overall().failuresByCode());
    lost(md, summary.lost(), summary.parameters().timeoutSeconds(), summary.stoppedEarly());
    duplicates(md, summary.duplicates());
    charts(md);
    warnings(md, summary);
    md.append("## Interpretation\n\n")
        .append("_For a human to fill in: did throughput keep up with the offered rate, where did latency go "
            + "(Kafka, queue, denoising), what explains failures, lost jobs or duplicates, what to change next._\n");
    return md.toString();
  }

  private static void parameters(StringBuilder md, RunSummary summary) {
    RunParameters p = summary.parameters();
    MarkdownTable table = new MarkdownTable(List.of("parameter", "value"), 2)
        .row("arrivals", p.description())
        .row("seed", Long.toString(p.seed()))
        .row("timeout after last submission", Fmt.seconds(p.timeoutSeconds()))
        .row("grace for late duplicates", Fmt.seconds(p.graceSeconds()))
        .row("bootstrap servers", "`" + p.bootstrapServers() + "`")
        .row("jobs topic", "`" + p.jobsTopic() + "`")
        .row("events topic", "`" + p.eventsTopic() + "`");
    if (!summary.labels().isEmpty()) {
      table.row("labels", summary.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining(", ")));
    }
    md.append("## Parameters\n\n").append(table.render()).append('\n');
    double total = p.mix().stream().mapToDouble(MixEntry::weight).sum();
    MarkdownTable mix = new MarkdownTable(List.of("class", "weight", "share", "model", "size", "steps", "guidance",
        "images", "priority", "scheduler", "deadline"), 11);
    for (MixEntry c : p.mix()) {
      mix.row(c.name(), Fmt.number(c.weight()), String.format(Locale.ROOT, "%.1f%%", 100 * c.weight() / total),
          c.model(), c.width() + "x" + c.height(), Integer.toString(c.steps()), Fmt.number(c.guidance()),
          Integer.toString(c.numImages()), Integer.toString(c.priority()),
          c.scheduler() == null ? "model default" : c.scheduler(),
          c.deadlineSeconds() == null ? Fmt.NONE : Fmt.seconds(c.deadlineSeconds()));
    }
    md.append("### Job mix\n\n").append(mix.render()).append('\n');
  }

  private static void results(StringBuilder md, RunSummary summary) {
    ClassStats all = summary.overall();
    Throughput t = summary.throughput();
    MarkdownTable table = new MarkdownTable(List.of("metric", "value"), 1)
        .row("submitted", Long.toString(all.submitted()))
        .row("succeeded", all.succeeded() + " (" + Fmt.percent(all.succeeded(), all.submitted()) + ")")
        .row("failed", Long.toString(all.failed()))
        .row("canceled", Long.toString(all.canceled()))
        .row("lost", Long.toString(all.lost()))
        .row("not sent (producer errors)", Long.toString(all.notSent()))
        .row("offered rate", summary.offeredRate() == null ? "burst" : Fmt.rate(summary.offeredRate()) + " jobs/s")
        .row("actual submit rate", t.submitRate() == null ? Fmt.NONE : Fmt.rate(t.submitRate()) + " jobs/s")
        .row("throughput", Fmt.rate(t.jobsPerSecond()) + " jobs/s, " + Fmt.rate(t.imagesPerSecond())
            + " images/s over " + Fmt.seconds(t.windowSeconds()))
        .row("max schedule lag", Fmt.ms(summary.maxScheduleLagMs()) + " ms");
    md.append("## Results\n\n").append(table.render()).append('\n')
        .append("Throughput counts succeeded jobs from the first submission to the last terminal event.\n\n");
  }

  private static void perClass(StringBuilder md, RunSummary summary) {
    MarkdownTable table = new MarkdownTable(List.of("class", "submitted", "succeeded", "failed", "canceled", "lost",
        "images", "p50", "p95", "p99", "max", "start p50", "start p95", "queue p50", "queue p95"), 1);
    List<ClassStats> rows = new ArrayList<>(summary.classes());
    rows.add(summary.overall());
    for (ClassStats c : rows) {
      LatencySummary latency = c.latencyMs();
      table.row(ClassStats.ALL.equals(c.name()) ? "**all**" : c.name(), Long.toString(c.submitted()),
          Long.toString(c.succeeded()), Long.toString(c.failed()), Long.toString(c.canceled()),
          Long.toString(c.lost()), Long.toString(c.images()),
          Fmt.ms(latency, LatencySummary::p50), Fmt.ms(latency, LatencySummary::p95),
          Fmt.ms(latency, LatencySummary::p99), Fmt.ms(latency, LatencySummary::max),
          Fmt.ms(c.timeToStartMs(), LatencySummary::p50), Fmt.ms(c.timeToStartMs(), LatencySummary::p95),
          Fmt.ms(c.workerQueueMs(), LatencySummary::p50), Fmt.ms(c.workerQueueMs(), LatencySummary::p95));
    }
    md.append("### Latency per class (ms)\n\n").append(table.render()).append('\n')
        .append("p50-max: end-to-end latency of succeeded jobs, from handing the job to the producer to reading its "
            + "terminal event. start: until the started event was read (Kafka plus the worker's queue). queue: the "
            + "worker's own `timings.queuedMs`.\n\n");
  }

  private static void failures(StringBuilder md, Map<String, Long> byCode) {
    md.append("### Failures by code\n\n");
    if (byCode.isEmpty()) {
      md.append("No job failed.\n\n");
      return;
    }
    MarkdownTable table = new MarkdownTable(List.of("code", "jobs", "retryable"), 1);
    byCode.forEach((code, count) -> table.row("`" + code + "`", Long.toString(count),
        FailureCode.fromWireName(code).map(c -> c.retryable() ? "yes" : "no").orElse("unknown code")));
    md.append(table.render()).append('\n');
  }

  private static void lost(StringBuilder md, LostStats lost, double timeoutSeconds, boolean stoppedEarly) {
    md.append("### Lost jobs\n\n");
    if (lost.total() == 0) {
      md.append("None: every delivered job reached a terminal event.\n\n");
      return;
    }
    md.append(lost.total()).append(" jobs had no terminal event within ").append(Fmt.seconds(timeoutSeconds))
        .append(" after the last submission: ").append(lost.neverAccepted()).append(" never accepted, ")
        .append(lost.acceptedNotStarted()).append(" accepted but never started, ")
        .append(lost.startedNotFinished()).append(" started but unfinished.")
        .append(stoppedEarly ? " The run was stopped early, so jobs still in flight count as lost." : "")
        .append("\n\n")
        .append("Examples: ").append(lost.examples().stream().map(id -> "`" + id + "`")
            .collect(Collectors.joining(", "))).append("\n\n");
  }

  private static void duplicates(StringBuilder md, DuplicateStats dup) {
    md.append("### Duplicates\n\n");
    if (dup.jobs() == 0 && dup.reprocessedJobs() == 0) {
      md.append("None: no job had more than one terminal event or a repeated accepted/started event.\n\n");
      return;
    }
    md.append(new MarkdownTable(List.of("kind", "count"), 1)
        .row("jobs with more than one terminal event", Long.toString(dup.jobs()))
        .row("extra terminal events repeating a `ce_id` (deduplicable)", Long.toString(dup.sameCeIdEvents()))
        .row("jobs with conflicting terminal events (different `ce_id`s)", Long.toString(dup.conflictingJobs()))
        .row("jobs accepted or started more than once (reprocessed)", Long.toString(dup.reprocessedJobs()))
        .render()).append('\n');
    if (!dup.examples().isEmpty()) {
      md.append("Examples: ").append(dup.examples().stream().map(e -> "`" + e + "`")
          .collect(Collectors.joining(", "))).append("\n\n");
    }
  }

  private void charts(StringBuilder md) {
    if (chartFiles.isEmpty()) {
      return;
    }
    md.append("### Charts\n\n");
    chartFiles.forEach(file -> md.append("![").append(file).append("](").append(file).append(")\n\n"));
    md.append("Raw data: `").append(ReportWriter.SUMMARY_FILE).append("` (this report, machine-readable) and `")
        .append(JobsCsv.FILE).append("` (one line per job).\n\n");
  }

  private static void warnings(StringBuilder md, RunSummary summary) {
    List<String> lines = new ArrayList<>(summary.warnings());
    if (summary.unreadableEvents() > 0) {
      lines.add(summary.unreadableEvents() + " records on the events topic were not readable job events");
    }
    if (summary.foreignEvents() > 0) {
      lines.add(summary.foreignEvents() + " events belonged to jobs of other clients or runs (ignored)");
    }
    if (lines.isEmpty()) {
      return;
    }
    md.append("### Warnings\n\n");
    lines.forEach(line -> md.append("- ").append(line).append('\n'));
    md.append('\n');
  }
}
