package dev.latentq.loadtest.cli;

import dev.latentq.loadtest.LoadRun;
import dev.latentq.loadtest.LoadRunConfig;
import dev.latentq.loadtest.RunResult;
import dev.latentq.loadtest.arrival.ArrivalPlan;
import dev.latentq.loadtest.capacity.MetricsProbe;
import dev.latentq.loadtest.cluster.LocalCluster;
import dev.latentq.loadtest.cluster.ProcessCpu;
import dev.latentq.loadtest.kafka.BrokerClients;
import dev.latentq.loadtest.mix.JobClass;
import dev.latentq.loadtest.mix.JobMix;
import dev.latentq.loadtest.report.ReportWriter;
import dev.latentq.loadtest.stats.RunStatistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code path}: throughput through the whole service — Kafka intake, the engine on ONNX Runtime, PNG encoding,
 * S3 upload, events — for a burst of jobs on a real model, to compare with the engine alone (the worker module's
 * EngineThroughputBenchmark, same model, jobs and batch limit).
 */
@Command(name = "path", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Start Kafka, S3 and one worker running a real ONNX model on loopback, send bursts of jobs and",
        "report images/s through the whole path. Needs worker/target/latentq-worker.jar."})
final class PathCommand implements Callable<Integer> {
  @Option(names = "--model-dir", defaultValue = "models/shapes-sd", paramLabel = "DIR",
      description = "An ONNX model in the diffusers layout (default ${DEFAULT-VALUE}).")
  Path modelDir;

  @Option(names = "--jobs", defaultValue = "32", paramLabel = "N",
      description = "Jobs per burst (default ${DEFAULT-VALUE}).")
  int jobs;

  @Option(names = "--bursts", defaultValue = "3", paramLabel = "N",
      description = "Measured bursts, after a warm-up burst (default ${DEFAULT-VALUE}).")
  int bursts;

  @Option(names = "--max-batch", defaultValue = "16", paramLabel = "ROWS",
      description = "The worker's maximum U-Net rows per call (default ${DEFAULT-VALUE}).")
  int maxBatch;

  @Option(names = "--size", defaultValue = "128", paramLabel = "PX",
      description = "Width and height of every image (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--steps", defaultValue = "20", paramLabel = "N",
      description = "Denoising steps of every job (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--guidance", defaultValue = "5.0", paramLabel = "G",
      description = "Guidance scale; above 1 every image takes two U-Net rows (default ${DEFAULT-VALUE}).")
  double guidance;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the reports go.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(modelDir.resolve("model_index.json"))) {
      throw new IllegalArgumentException(modelDir + " is not a model folder: pass --model-dir");
    }
    String model = modelDir.getFileName().toString();
    Map<String, String> settings = Map.of("LATENTQ_ENGINE_MODE", "onnx",
        "LATENTQ_MODELS", model + "=" + modelDir.toAbsolutePath(),
        "LATENTQ_MAX_BATCH", Integer.toString(maxBatch),
        "LATENTQ_ENGINE_MAX_QUEUED_JOBS", Integer.toString(Math.max(jobs, 1) + 8));
    JobMix mix = new JobMix(List.of(JobClass.builder("path").model(model).size(size, size).steps(steps)
        .guidance(guidance).build()));
    try (LocalCluster cluster = LocalCluster.start(out.resolve("cluster"), 4, settings)) {
      cluster.startWorker("w1");
      double total = 0;
      MetricsProbe probe = null;
      ProcessCpu cpuBefore = null;
      long startNanos = 0;
      for (int burst = 0; burst <= bursts; burst++) {
        if (burst == 1) {
          probe = MetricsProbe.startUntilResult(cluster.httpEndpoint("w1"));
          cpuBefore = ProcessCpu.of(cluster);
          startNanos = System.nanoTime();
        }
        LoadRunConfig config = LoadRunConfig.builder(ArrivalPlan.burst(jobs)).bootstrapServers(
            cluster.bootstrapServers()).topics(cluster.topics()).mix(mix).seed(burst)
            .timeout(Duration.ofMinutes(5)).build();
        RunResult result = new LoadRun(config, new BrokerClients(cluster.bootstrapServers(), Map.of(), "path"),
            progress -> { }).run();
        RunStatistics stats = result.statistics();
        new ReportWriter().write(result, stats, out.resolve(burst == 0 ? "warmup" : "burst-" + burst));
        double rate = stats.throughput().imagesPerSecond();
        System.out.printf(Locale.ROOT, "%s: %d jobs, %.3f images/s, lost %d, failed %d%n",
            burst == 0 ? "warm-up" : "burst " + burst, stats.overall().submitted(), rate, stats.overall().lost(),
            stats.overall().failed());
        if (burst > 0) {
          total += rate;
        }
      }
      System.out.printf(Locale.ROOT, "whole path: %.3f images/s (mean of %d bursts of %d jobs, max batch %d rows)%n",
          total / bursts, bursts, jobs, maxBatch);
      if (probe != null) {
        Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
        ProcessCpu used = ProcessCpu.of(cluster).since(cpuBefore);
        MetricsProbe.Reading reading = probe.result(maxBatch);
        System.out.printf(Locale.ROOT, "U-Net rows per call %.2f of %d (batch occupancy %.0f%%)%n",
            reading.rowsPerCall().orElse(Double.NaN), maxBatch, 100 * reading.occupancy().orElse(Double.NaN));
        System.out.println(cpuLine(wall, used));
      }
    }
    return 0;
  }

  /** Where the cores went during the measured bursts: on one machine everything competes with the model. */
  private static String cpuLine(Duration wall, ProcessCpu used) {
    int cores = Runtime.getRuntime().availableProcessors();
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "CPU during the measured bursts (%.1f s on %d cores, %.1f core-seconds):", wall.toMillis() / 1e3, cores,
        cores * wall.toMillis() / 1e3));
    String separator = " ";
    for (Map.Entry<String, Duration> process : used.byProcess().entrySet()) {
      line.append(String.format(Locale.ROOT, "%s%s %.1f s", separator, process.getKey(),
          process.getValue().toMillis() / 1e3));
      separator = ", ";
    }
    return line.toString();
  }
}
