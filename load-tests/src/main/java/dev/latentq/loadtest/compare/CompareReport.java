package dev.latentq.loadtest.compare;

import dev.latentq.loadtest.report.ComparisonChart;
import dev.latentq.loadtest.report.MarkdownTable;
import dev.latentq.protocol.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes {@code compare.md} and one chart per comparison. Stateless. */
final class CompareReport {
  static final double LATENCY_TARGET = 0.6;
  static final double DECODE_GAIN_TARGET = 1.08;
  static final double BUSY_TARGET = 0.97;

  void write(CompareResults results, Path out) throws IOException {
    Files.createDirectories(out);
    CompareRunner.Plan plan = results.plan();
    StringBuilder md = new StringBuilder("# Scheduling comparison\n\n");
    md.append(String.format(Locale.ROOT, "Cost model `%s`; SD 1.5, 512x512, %d steps, guidance 7.5, one image per job;"
            + " Poisson arrivals for %s of virtual time per point, seed %d, the same sequence for both sides of each"
            + " comparison. The engine's own lane (queue, admission, batching, schedulers, decode) runs in virtual"
            + " time: only the simulated accelerator's calls take time. Latency is from arrival to decoded image.%n%n",
        plan.costModel(), plan.steps(), Durations.format(plan.duration()), plan.seed()));
    md.append("## Step against request admission\n\n");
    md.append(String.format(Locale.ROOT, "`request` waits at most %s for a full batch (`engine.maxQueueDelay`). Both"
            + " policies decode and encode text as the `batched` side of the decoding comparison below (VAE calls of"
            + " up to %d images, finished images waiting up to %s while jobs queue): only admission differs.%n%n",
        Durations.format(plan.maxQueueDelay()), plan.decodeBatchImages(), Durations.format(plan.decodeDelay())));
    MarkdownTable targets = new MarkdownTable(List.of("Max batch", "step p95 ÷ request p95 at 70 %",
        "≤ 0.6", "step ÷ request throughput at the highest load", "≥ 1"), 1);
    for (CompareResults.BatchComparison batch : results.policies()) {
      md.append(String.format(Locale.ROOT, "### Maximum batch %d images (capacity %.2f images/s, lone job %.0f ms)%n%n",
          batch.maxBatch(), batch.capacity(), batch.loneMillis()));
      md.append(table(batch.points())).append('\n');
      String chart = "policies-batch-" + batch.maxBatch() + ".png";
      chart(batch.points(), "step vs request admission, max batch " + batch.maxBatch()
          + " images (latency up to 100 % load)", out.resolve(chart));
      md.append("![").append(chart).append("](").append(chart).append(")\n\n");
      PolicyPoint step70 = batch.at("step", 0.7);
      PolicyPoint request70 = batch.at("request", 0.7);
      double top = plan.loads().stream().mapToDouble(Double::doubleValue).max().orElse(1.2);
      PolicyPoint stepTop = batch.at("step", top);
      PolicyPoint requestTop = batch.at("request", top);
      double latencyRatio = step70 == null || request70 == null ? Double.NaN : step70.p95() / request70.p95();
      double throughputRatio = stepTop.throughput() / requestTop.throughput();
      targets.row(Integer.toString(batch.maxBatch()), ratio(latencyRatio), met(latencyRatio <= LATENCY_TARGET),
          fine(throughputRatio), met(throughputRatio >= 1));
    }
    md.append("### Targets\n\n").append(targets.render()).append('\n');
    md.append("### What the slowest 5 % are made of at 70 % load\n\nMeans over the jobs at or above p95. \"Joined to"
        + " decoded\" is denoising (each step as long as the whole batch's U-Net call) plus pauses for other jobs'"
        + " VAE and text-encoder calls and the wait for its own VAE call.\n\n");
    MarkdownTable tails = new MarkdownTable(List.of("Max batch", "Policy", "Latency (ms)", "Queued (ms)",
        "Joined to decode call (ms)", "Decode call (ms)"), 2);
    for (CompareResults.BatchComparison batch : results.policies()) {
      for (String policy : List.of("step", "request")) {
        PolicyPoint point = batch.at(policy, 0.7);
        if (point != null) {
          PolicyPoint.Tail t = point.tail();
          tails.row(Integer.toString(batch.maxBatch()), policy, ms(t.latency()), ms(t.queued()),
              ms(t.latency() - t.queued() - t.decode()), ms(t.decode()));
        }
      }
    }
    md.append(tails.render()).append('\n');
    md.append(String.format(Locale.ROOT, "## Batched decoding and text encoding, maximum batch %d images%n%n",
        plan.decodeBatch()));
    md.append(String.format(Locale.ROOT, "`today`: each step's finished images decoded at once in VAE calls of up to"
            + " 4, one text-encoder call per job. `batched`: VAE calls of up to %d images, finished images waiting up to"
            + " %s for a full call while other jobs queue, prompts of jobs joining together in one call. Step"
            + " admission on both.%n%n", plan.decodeBatchImages(), Durations.format(plan.decodeDelay())));
    md.append(table(results.decoding())).append('\n');
    chart(results.decoding(), "decoding today vs batched, max batch " + plan.decodeBatch()
        + " images (latency up to 100 % load)",
        out.resolve("decoding.png"));
    md.append("![decoding.png](decoding.png)\n\n");
    double top = plan.loads().stream().mapToDouble(Double::doubleValue).max().orElse(1.2);
    PolicyPoint today = CompareResults.at(results.decoding(), "today", top);
    PolicyPoint batched = CompareResults.at(results.decoding(), "batched", top);
    double gain = batched.throughput() / today.throughput();
    MarkdownTable decodeTargets = new MarkdownTable(List.of("Measure", "Value", "Target", "Met"), 1);
    decodeTargets.row("batched ÷ today throughput at the highest load", fine(gain), "≥ 1.08",
        met(gain >= DECODE_GAIN_TARGET));
    decodeTargets.row("accelerator busy at the highest load (batched)", percent(batched.acceleratorBusy()), "≥ 97 %",
        met(batched.acceleratorBusy() >= BUSY_TARGET));
    md.append("### Targets\n\n").append(decodeTargets.render()).append('\n');
    for (CompareResults.Priorities p : results.priorities()) {
      priorities(p, md);
    }
    budgets(results, md, out);
    Files.writeString(out.resolve("compare.md"), md.toString());
  }

  private static void priorities(CompareResults.Priorities p, StringBuilder md) {
    md.append(String.format(Locale.ROOT, "## Priority preemption, maximum batch %d images, %.0f %% load%n%n%.0f %% of"
            + " the jobs at priority 1, the rest at 0, at %.0f %% of capacity; batched decoding as above. A lone job"
            + " takes %.0f ms.%n%n", p.maxBatch(), 100 * p.load(), 100 * p.highShare(), 100 * p.load(),
        p.loneMillis()));
    MarkdownTable table = new MarkdownTable(List.of("Configuration", "High jobs", "High p50 (ms)", "High p95 (ms)",
        "High p95 ÷ lone", "Low jobs", "Low p50 (ms)", "Low p95 (ms)", "Low throughput (img/s)"), 1);
    for (PriorityPoint q : p.points()) {
      table.row(q.label(), Integer.toString(q.highJobs()), ms(q.highP50()), ms(q.highP95()),
          ratio(q.highP95() / p.loneMillis()), Integer.toString(q.lowJobs()), ms(q.lowP50()), ms(q.lowP95()),
          String.format(Locale.ROOT, "%.3f", q.lowThroughput()));
    }
    md.append(table.render()).append('\n');
    PriorityPoint off = p.points().get(0);
    PriorityPoint on = p.points().get(p.points().size() - 1);
    double loss = 1 - on.lowThroughput() / off.lowThroughput();
    MarkdownTable targets = new MarkdownTable(List.of("Measure", "Value", "Target", "Met"), 1);
    targets.row("high-priority p95 ÷ lone job (" + on.label() + ")", ratio(on.highP95() / p.loneMillis()), "≤ 1.5",
        met(on.highP95() / p.loneMillis() <= 1.5));
    targets.row("low-priority throughput loss (" + on.label() + " against the first)", percent(loss), "≤ 5 %",
        met(loss <= 0.05));
    md.append("### Targets\n\n").append(targets.render()).append('\n');
  }

  private static void budgets(CompareResults results, StringBuilder md, Path out) throws IOException {
    CompareRunner.Plan plan = results.plan();
    md.append(String.format(Locale.ROOT, "## Step latency budget, maximum batch %d images%n%n`engine.maxStepLatency`:"
            + " the batch stops growing when the cost model says the next job would make a step longer. Latency at"
            + " %.0f %% load; throughput at the highest load (%.0f %%). Batched decoding as above.%n%n",
        plan.decodeBatch(), 100 * plan.budgetLoad(),
        100 * plan.loads().stream().mapToDouble(Double::doubleValue).max().orElse(1.2)));
    MarkdownTable table = new MarkdownTable(List.of("Budget", "p50 (ms)", "p95 (ms)", "p99 (ms)",
        "Throughput at saturation (img/s)"), 1);
    List<double[]> curve = new ArrayList<>();
    for (CompareResults.BudgetPoint b : results.budgets()) {
      PolicyPoint p = b.atLoad();
      table.row(p.label(), ms(p.p50()), ms(p.p95()), ms(p.p99()), String.format(Locale.ROOT, "%.2f", b.saturated()));
      curve.add(new double[] {b.saturated(), p.p95()});
    }
    md.append(table.render()).append('\n');
    new ComparisonChart().writeTradeOff("step latency budget: p95 at " + Math.round(100 * plan.budgetLoad())
        + " % load against saturated throughput", "throughput at saturation (images/s)", "p95 latency (ms)", curve,
        out.resolve("budgets.png"));
    md.append("![budgets.png](budgets.png)\n");
  }

  private static String table(List<PolicyPoint> points) {
    MarkdownTable table = new MarkdownTable(List.of("Configuration", "Load", "Offered (img/s)", "Jobs", "p50 (ms)",
        "p95 (ms)", "p99 (ms)", "Throughput (img/s)", "Accelerator busy", "U-Net busy"), 1);
    for (PolicyPoint p : points) {
      table.row(p.label(), String.format(Locale.ROOT, "%.0f %%", 100 * p.load()),
          String.format(Locale.ROOT, "%.2f", p.offered()), Integer.toString(p.jobs()), ms(p.p50()), ms(p.p95()), ms(p.p99()),
          String.format(Locale.ROOT, "%.2f", p.throughput()), percent(p.acceleratorBusy()), percent(p.unetBusy()));
    }
    return table.render();
  }

  private static void chart(List<PolicyPoint> points, String title, Path file) throws IOException {
    Map<String, List<double[]>> latency = new LinkedHashMap<>();
    Map<String, List<double[]>> throughput = new LinkedHashMap<>();
    for (PolicyPoint p : points) {
      throughput.computeIfAbsent(p.label() + " images/s", k -> new ArrayList<>())
          .add(new double[] {p.offered(), p.throughput()});
      if (p.load() > 1) {
        // Overload latency grows with the run's length and would flatten every other point: the table has it.
        continue;
      }
      latency.computeIfAbsent(p.label() + " p50", k -> new ArrayList<>()).add(new double[] {p.offered(), p.p50()});
      latency.computeIfAbsent(p.label() + " p95", k -> new ArrayList<>()).add(new double[] {p.offered(), p.p95()});
      latency.computeIfAbsent(p.label() + " p99", k -> new ArrayList<>()).add(new double[] {p.offered(), p.p99()});
    }
    new ComparisonChart().write(title, latency, throughput, file);
  }

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  /** Throughput ratios: close to 1 at saturation, so the third and fourth digit decide the target. */
  private static String fine(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  private static String ratio(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * share);
  }

  private static String met(boolean met) {
    return met ? "**met**" : "**not met**";
  }
}
