package dev.latentq.loadtest.faults;

import dev.latentq.loadtest.report.MarkdownTable;
import dev.latentq.loadtest.stats.ClassStats;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders fault reports as Markdown: the one-row-per-scenario table and a section per scenario. Stateless. */
public final class FaultMarkdown {

  private static final String NONE = "–";
  private static final int MAX_FAULT_LINES = 40;
  private static final List<String> COLUMNS = List.of("Scenario", "Submitted", "Succeeded", "Failed (by code)",
      "Lost", "Not sent", "Duplicate terminal events: same ce_id / conflicting", "Jobs reprocessed",
      "Images: verified / bad", "DLQ: hostile with reason / sent", "Workers alive", "p95 latency", "Duration",
      "Goals");

  /** One row per report. */
  public String table(List<FaultReport> reports) {
    MarkdownTable table = new MarkdownTable(COLUMNS, 1);
    for (FaultReport r : reports) {
      ClassStats jobs = r.jobs();
      var objects = r.objects();
      table.row(List.of(
          r.scenario(),
          Long.toString(jobs.submitted()),
          Long.toString(jobs.succeeded()),
          failed(jobs),
          Long.toString(jobs.lost()),
          Long.toString(jobs.notSent()),
          r.duplicates().sameCeIdEvents() + " / " + r.duplicates().conflictingJobs(),
          Long.toString(r.duplicates().reprocessedJobs()),
          objects.verified() + " / " + (objects.missing() + objects.conflicting() + objects.misplaced()
              + objects.stray()),
          r.deadLetters() == null ? NONE : r.deadLetters().withReason() + " / " + r.deadLetters().sent(),
          r.workersAlive() + " / " + r.workersExpected(),
          jobs.latencyMs() == null ? NONE : String.format(Locale.ROOT, "%.0f ms", jobs.latencyMs().p95()),
          r.duration().toSeconds() + " s",
          r.goalsMet() ? "met" : "**violated**"));
    }
    return table.render();
  }

  /** A scenario's section: what it did, its row, the faults injected, observations, hostile kinds, goals. */
  public String section(FaultReport r) {
    StringBuilder text = new StringBuilder();
    text.append("## Fault scenario `").append(r.scenario()).append("`\n\n");
    text.append(r.description()).append("\n\n");
    text.append(table(List.of(r))).append('\n');
    text.append("### Faults injected\n\n");
    List<String> faults = r.faults();
    faults.stream().limit(MAX_FAULT_LINES).forEach(f -> text.append("- ").append(f).append('\n'));
    if (faults.size() > MAX_FAULT_LINES) {
      text.append("- ... and ").append(faults.size() - MAX_FAULT_LINES).append(" more\n");
    }
    if (faults.isEmpty()) {
      text.append("None.\n");
    }
    text.append("\n### Observations\n\n");
    r.notes().forEach(n -> text.append("- ").append(n).append('\n'));
    if (r.notes().isEmpty()) {
      text.append("None.\n");
    }
    if (r.deadLetters() != null) {
      text.append('\n').append(hostile(r.deadLetters()));
    }
    text.append("\n### Goals\n\n");
    if (r.goalsMet()) {
      text.append("All held: no job lost, duplicates only as repeated ce_ids and identical objects");
      text.append(r.deadLetters() == null ? "" : ", every hostile record dead-lettered with a reason");
      text.append(", every worker alive.\n");
    } else {
      r.violations().forEach(v -> text.append("- **Violated:** ").append(v).append('\n'));
    }
    return text.toString();
  }

  private String hostile(DeadLetterCheck check) {
    MarkdownTable table = new MarkdownTable(List.of("Kind", "Expected code", "Sent", "Dead-lettered",
        "With reason, code and original record", "Failed events (readable id)"), 2);
    StringBuilder reasons = new StringBuilder();
    for (HostileKind kind : HostileKind.values()) {
      DeadLetterCheck.KindTally t = check.byKind().get(kind);
      if (t == null) {
        continue;
      }
      table.row(List.of(kind.name(), kind.code().wireName(), Long.toString(t.sent()), Long.toString(t.deadLettered()),
          Long.toString(t.withReason()),
          t.failedEventsExpected() == 0 ? NONE : t.failedEventsSeen() + " / " + t.failedEventsExpected()));
      if (t.sampleReason() != null) {
        reasons.append("- ").append(kind.name()).append(": ").append(abbreviate(t.sampleReason())).append('\n');
      }
    }
    return "### Hostile records\n\n" + check.dlqRecords() + " records in the dead-letter topic; " + check.foreign()
        + " of them not hostile records of this run, " + check.extraCopies() + " extra copies, "
        + check.truncatedCopies() + " with a truncated value.\n\n"
        + table.render() + "\nA `dead-letter-reason` of each kind:\n\n" + reasons;
  }

  private static String failed(ClassStats jobs) {
    if (jobs.failed() == 0) {
      return "0";
    }
    Map<String, Long> codes = jobs.failuresByCode();
    return jobs.failed() + " (" + codes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", ")) + ")";
  }

  private static String abbreviate(String text) {
    String line = text.replace('\n', ' ').replace('`', '\'');
    return "`" + (line.length() <= 200 ? line : line.substring(0, 200) + "...") + "`";
  }
}
