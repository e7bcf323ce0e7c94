package dev.latentq.loadtest.cli;

import dev.latentq.loadtest.capacity.CapacityRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code capacity}: the capacity simulator's sweeps on loopback (real Kafka, S3 and workers; simulated GPU). */
@Command(name = "capacity", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Start Kafka, S3 and simulated-accelerator workers on loopback and measure images/s and p95",
        "latency against offered load per maximum batch, then throughput against worker processes. Writes",
        "capacity.md, charts and every run's report. Needs worker/target/latentq-worker.jar."})
final class CapacityCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the reports go.")
  Path out;

  @Option(names = "--batches", split = ",", defaultValue = "1,4,8,16,32", paramLabel = "N,..",
      description = "Maximum batch sizes in images (default ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(names = "--loads", split = ",", defaultValue = "0.3,0.7,0.9,1.2", paramLabel = "F,..",
      description = "Offered load as fractions of the cost model's capacity (default ${DEFAULT-VALUE}).")
  List<Double> loads;

  @Option(names = "--workers", split = ",", defaultValue = "1,2,4", paramLabel = "N,..",
      description = "Worker process counts for the scaling sweep (default ${DEFAULT-VALUE}).")
  List<Integer> workers;

  @Option(names = "--worker-batch", defaultValue = "8", paramLabel = "N",
      description = "Maximum batch (images) of the scaling sweep (default ${DEFAULT-VALUE}).")
  int workerBatch;

  @Option(names = "--duration", defaultValue = "40s", converter = DurationConverter.class, paramLabel = "D",
      description = "Arrivals per run (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--steps", defaultValue = "20", paramLabel = "N",
      description = "Denoising steps of every job, guided 512x512 single images (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--cost-model", defaultValue = "h100-sd15-graph", paramLabel = "NAME|FILE",
      description = "The simulated accelerator's timings: a built-in name or a JSON file (default ${DEFAULT-VALUE}).")
  String costModel;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
      description = "Seeds every run's arrivals and jobs (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    new CapacityRunner(new CapacityRunner.Plan(batches, loads, workers, workerBatch, duration, steps, costModel, out,
        seed), System.out).run();
    System.out.println("report: " + out.resolve("capacity.md"));
    return 0;
  }
}
