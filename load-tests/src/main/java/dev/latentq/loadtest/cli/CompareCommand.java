package dev.latentq.loadtest.cli;

import dev.latentq.loadtest.compare.CompareRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code compare}: scheduling configurations side by side on the simulated accelerator, in virtual time. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Replay identical Poisson arrival sequences through the engine on the simulated accelerator in",
        "virtual time: step against request admission per maximum batch, and today's decoding against batched",
        "decoding and text encoding. Writes compare.md and charts. Needs no broker, S3 or worker jar."})
final class CompareCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the report goes.")
  Path out;

  @Option(names = "--batches", split = ",", defaultValue = "8,16", paramLabel = "N,..",
      description = "Maximum batch sizes in images (default ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(names = "--loads", split = ",", defaultValue = "0.3,0.5,0.7,0.9,1.2", paramLabel = "F,..",
      description = "Offered load as fractions of the cost model's capacity (default ${DEFAULT-VALUE}).")
  List<Double> loads;

  @Option(names = "--duration", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "D",
      description = "Arrivals per run, in virtual time (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--steps", defaultValue = "20", paramLabel = "N",
      description = "Denoising steps of every job, guided 512x512 single images (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--cost-model", defaultValue = "h100-sd15-graph", paramLabel = "NAME|FILE",
      description = "The simulated accelerator's timings (default ${DEFAULT-VALUE}).")
  String costModel;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
      description = "Seeds the arrival sequences (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--max-queue-delay", defaultValue = "100ms", converter = DurationConverter.class, paramLabel = "D",
      description = "The request policy's wait for a full batch (default ${DEFAULT-VALUE}).")
  Duration maxQueueDelay;

  @Option(names = "--decode-batch-images", defaultValue = "16", paramLabel = "N",
      description = "Images per VAE call on the batched-decoding side (default ${DEFAULT-VALUE}).")
  int decodeBatchImages;

  @Option(names = "--decode-delay", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "D",
      description = "How long finished images may wait for a full VAE call (default ${DEFAULT-VALUE}).")
  Duration decodeDelay;

  @Option(names = "--decode-batch", defaultValue = "16", paramLabel = "N",
      description = "Maximum batch (images) of the decoding comparison (default ${DEFAULT-VALUE}).")
  int decodeBatch;

  @Option(names = "--priority-loads", split = ",", defaultValue = "0.9,1.2", paramLabel = "F,..",
      description = "Offered loads of the preemption comparison (default ${DEFAULT-VALUE}).")
  List<Double> priorityLoads;

  @Option(names = "--high-share", defaultValue = "0.1", paramLabel = "F",
      description = "Share of high-priority jobs in the preemption comparison (default ${DEFAULT-VALUE}).")
  double highShare;

  @Option(names = "--step-budgets", split = ",", defaultValue = "60ms,30ms,17ms", paramLabel = "D,..",
      converter = DurationConverter.class,
      description = "Step latency budgets compared with none (default ${DEFAULT-VALUE}).")
  List<Duration> stepBudgets;

  @Option(names = "--budget-load", defaultValue = "0.7", paramLabel = "F",
      description = "Load at which the budgets' latency is measured (default ${DEFAULT-VALUE}).")
  double budgetLoad;

  @Option(names = "--priority-step-latency", defaultValue = "11ms", converter = DurationConverter.class,
      paramLabel = "D", description = "Step budget protecting high-priority jobs in the third priority configuration"
          + " (default ${DEFAULT-VALUE}: only a lone guided image's 2 rows, 10.6 ms on the H100 curves).")
  Duration priorityStepLatency;

  @Option(names = "--priority-preemptions", defaultValue = "4", paramLabel = "N",
      description = "How often one job may be displaced in that configuration (default ${DEFAULT-VALUE}).")
  int priorityPreemptions;

  @Override
  public Integer call() throws Exception {
    new CompareRunner(new CompareRunner.Plan(batches, loads, duration, steps, costModel, seed, maxQueueDelay,
        decodeBatchImages, decodeDelay, decodeBatch, priorityLoads, highShare, stepBudgets,
        budgetLoad, priorityStepLatency, priorityPreemptions, out), System.out).run();
    System.out.println("report: " + out.resolve("compare.md"));
    return 0;
  }
}
