package dev.latentq.loadtest.capacity;

import dev.latentq.loadtest.LoadRun;
import dev.latentq.loadtest.LoadRunConfig;
import dev.latentq.loadtest.RunResult;
import dev.latentq.loadtest.arrival.ArrivalPlan;
import dev.latentq.loadtest.cluster.LocalCluster;
import dev.latentq.loadtest.kafka.BrokerClients;
import dev.latentq.loadtest.mix.JobClass;
import dev.latentq.loadtest.mix.JobMix;
import dev.latentq.loadtest.report.ReportWriter;
import dev.latentq.loadtest.report.RunSummary;
import dev.latentq.loadtest.stats.RunStatistics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The capacity simulator's sweeps: for each maximum batch, one worker on the simulated H100 under Poisson load at
 * fractions of what the cost model allows (plus a trickle of lone jobs for the baseline latency); then 1, 2, 4…
 * workers in one group under saturating load. Every run is a real {@link LoadRun} against real Kafka and S3.
 */
public final class CapacityRunner {
  private static final String CLASS = "sd15-512";

  private final Plan plan;
  private final PrintStream console;
  private final CostModelFile costs;

  /**
   * What to sweep.
   *
   * @param batches maximum batch sizes in images (a guided image takes two U-Net rows)
   * @param loads offered load as fractions of the cost model's capacity at each batch size
   * @param workers worker process counts for the scaling sweep
   * @param workerBatch the maximum batch (images) of the scaling sweep
   */
  public record Plan(List<Integer> batches, List<Double> loads, List<Integer> workers, int workerBatch,
      Duration duration, int steps, String costModel, Path out, long seed) {}

  public CapacityRunner(Plan plan, PrintStream console) {
    this.plan = plan;
    this.console = console;
    this.costs = CostModelFile.load(plan.costModel());
  }

  /** Runs every sweep and writes the per-run reports and {@code capacity.md} under the output folder. */
  public CapacityResults run() throws IOException, InterruptedException {
    List<CapacityResults.BatchSweep> batchSweeps = new ArrayList<>();
    for (int batch : plan.batches()) {
      batchSweeps.add(sweepLoads(batch));
    }
    List<CapacityResults.WorkerPoint> workerPoints = new ArrayList<>();
    for (int workers : plan.workers()) {
      workerPoints.add(saturate(workers));
    }
    CapacityResults results = new CapacityResults(plan, costs, batchSweeps, workerPoints);
    new CapacityReport().write(results, plan.out());
    return results;
  }

  private CapacityResults.BatchSweep sweepLoads(int batch) throws IOException, InterruptedException {
    double capacity = costs.capacity(batch, plan.steps());
    Path dir = plan.out().resolve("batch-" + batch);
    try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), 8, workerSettings(batch))) {
      cluster.startWorker("w1");
      console.printf(Locale.ROOT, "max batch %d images: cost-model capacity %.2f images/s%n", batch, capacity);
      run(cluster, ArrivalPlan.burst(batch), "warmup", dir.resolve("warmup"), Map.of());
      double loneRate = 1000.0 / (4 * costs.loneMillis(plan.steps()));
      RunSummary lone = run(cluster, ArrivalPlan.constant(loneRate, null, 12L), "lone", dir.resolve("lone"),
          Map.of("maxBatch", Integer.toString(batch), "load", "lone"));
      Map<Double, CapacityResults.LoadPoint> byLoad = new LinkedHashMap<>();
      for (double load : plan.loads()) {
        MetricsProbe probe = MetricsProbe.start(cluster.httpEndpoint("w1"),
            plan.duration().multipliedBy(3).dividedBy(4));
        RunSummary summary = run(cluster, ArrivalPlan.poisson(load * capacity, plan.duration(), null),
            String.format(Locale.ROOT, "load %.2f", load), dir.resolve(String.format(Locale.ROOT, "load-%.2f", load)),
            Map.of("maxBatch", Integer.toString(batch), "load", Double.toString(load)));
        byLoad.put(load, new CapacityResults.LoadPoint(load, summary, probe.result(2 * batch)));
      }
      return new CapacityResults.BatchSweep(batch, capacity, costs.unetBound(batch, plan.steps()), lone, byLoad);
    }
  }

  private CapacityResults.WorkerPoint saturate(int workers) throws IOException, InterruptedException {
    int batch = plan.workerBatch();
    double offered = 1.2 * workers * costs.capacity(batch, plan.steps());
    Path dir = plan.out().resolve("workers-" + workers);
    try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), 8, workerSettings(batch))) {
      for (int w = 1; w <= workers; w++) {
        cluster.startWorker("w" + w);
      }
      console.printf(Locale.ROOT, "%d workers at max batch %d: offering %.2f images/s%n", workers, batch, offered);
      run(cluster, ArrivalPlan.burst((long) batch * workers), "warmup", dir.resolve("warmup"), Map.of());
      RunSummary summary = run(cluster, ArrivalPlan.poisson(offered, plan.duration(), null), "saturate",
          dir.resolve("saturate"), Map.of("workers", Integer.toString(workers), "maxBatch", Integer.toString(batch)));
      return new CapacityResults.WorkerPoint(workers, offered, summary);
    }
  }

  private Map<String, String> workerSettings(int batch) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("LATENTQ_MAX_BATCH", Integer.toString(2 * batch));
    // Enough held jobs to fill the batch and keep a queue behind it.
    settings.put("LATENTQ_ENGINE_MAX_QUEUED_JOBS", Integer.toString(2 * batch + 8));
    settings.put("LATENTQ_ENGINE_COST_MODEL", plan.costModel());
    return settings;
  }

  private RunSummary run(LocalCluster cluster, ArrivalPlan arrivals, String what, Path dir,
      Map<String, String> labels) throws IOException, InterruptedException {
    JobMix mix = new JobMix(List.of(JobClass.builder(CLASS).model(LocalCluster.SIMULATED_MODEL).size(512, 512)
        .steps(plan.steps()).guidance(7.5).build()));
    LoadRunConfig config = LoadRunConfig.builder(arrivals).bootstrapServers(cluster.bootstrapServers())
        .topics(cluster.topics()).mix(mix).seed(plan.seed()).timeout(Duration.ofMinutes(3))
        .statusInterval(Duration.ofSeconds(30)).labels(labels).build();
    RunResult result = new LoadRun(config, new BrokerClients(cluster.bootstrapServers(), Map.of(), "capacity"),
        progress -> { }).run();
    RunStatistics statistics = result.statistics();
    RunSummary summary = new ReportWriter().write(result, statistics, dir);
    console.printf(Locale.ROOT, "  %-10s %4d jobs: %.2f images/s, p50 %.0f ms, p95 %.0f ms, lost %d, failed %d%n",
        what, statistics.overall().submitted(), statistics.throughput().imagesPerSecond(),
        p(statistics, 0.5), p(statistics, 0.95), statistics.overall().lost(), statistics.overall().failed());
    return summary;
  }

  private static double p(RunStatistics statistics, double quantile) {
    var latency = statistics.overall().latencyMs();
    if (latency == null) {
      return Double.NaN;
    }
    return quantile == 0.5 ? latency.p50() : latency.p95();
  }
}
