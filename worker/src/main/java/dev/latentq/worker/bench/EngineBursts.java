package dev.latentq.worker.bench;

import dev.latentq.engine.batching.BatchEngine;
import dev.latentq.engine.batching.EngineJob;
import dev.latentq.engine.batching.EngineListener;
import dev.latentq.engine.batching.JobImages;
import dev.latentq.engine.batching.SchedulingOptions;
import dev.latentq.engine.model.ExecutionProvider;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;

/**
 * The engine alone, as the worker builds it (same {@link BatchEngine}, default scheduling, ONNX Runtime on the CPU
 * with the given intra-op threads) but without Kafka, PNG, S3 or events: bursts of single-image guided jobs, all
 * submitted at once. The load generator's {@code path} command starts it in its own JVM, pinned to the worker's
 * CPUs, between whole-path bursts, and computes the throughput from the completion times this prints, one line per
 * burst: {@code burst N cpu-ms C completions-ms t1,t2,...} (the CPU time the process used during the burst, and
 * milliseconds from the burst's first submission, in completion order; the warm-up burst is N = 0).
 *
 * <p>Run: {@code java -cp worker/target/latentq-worker.jar dev.latentq.worker.bench.EngineBursts MODEL_DIR JOBS
 * BURSTS MAX_BATCH THREADS SIZE STEPS GUIDANCE}.
 */
public final class EngineBursts {
  /** ONNX Runtime's model loading can need more native stack than the JVM's default. */
  private static final long STACK_BYTES = 16L << 20;

  private final Settings settings;

  /** What to run; {@code intraOpThreads} 0 lets ONNX Runtime choose. */
  record Settings(Path modelDir, int jobs, int bursts, int maxBatch, int intraOpThreads, int size, int steps,
      double guidance) {
    static Settings parse(String[] args) {
      if (args.length != 8) {
        throw new IllegalArgumentException("usage: EngineBursts MODEL_DIR JOBS BURSTS MAX_BATCH THREADS SIZE STEPS "
            + "GUIDANCE (got " + args.length + " arguments)");
      }
      return new Settings(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
          Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]),
          Double.parseDouble(args[7]));
    }
  }

  EngineBursts(Settings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) throws InterruptedException {
    Settings settings = Settings.parse(args);
    Throwable[] failure = {null};
    Thread run = new Thread(null, () -> {
      try {
        new EngineBursts(settings).run();
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "engine-bursts", STACK_BYTES);
    run.start();
    run.join();
    if (failure[0] != null) {
      failure[0].printStackTrace();
      System.exit(1);
    }
  }

  void run() throws Exception {
    String modelId = settings.modelDir().getFileName().toString();
    DiffusionModel model = DiffusionModel.load(settings.modelDir(),
        new RuntimeOptions(ExecutionProvider.CPU, 0, settings.intraOpThreads(), null));
    try (BatchEngine engine = new BatchEngine(Map.of(modelId, model), settings.maxBatch(), EngineListener.NONE,
        Clock.systemUTC(), SchedulingOptions.DEFAULTS)) {
      engine.start();
      for (int burst = 0; burst <= settings.bursts(); burst++) {
        long cpuBefore = processCpuNanos();
        String completions = burst(engine, modelId, burst);
        System.out.println(String.format(Locale.ROOT, "burst %d cpu-ms %.1f completions-ms %s", burst,
            (processCpuNanos() - cpuBefore) / 1e6, completions));
        System.out.flush();
      }
    }
  }

  /** CPU time this process has used: all threads, ONNX Runtime's native ones included. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Submits the burst's jobs at once and returns the completion times, in milliseconds from the first submission. */
  private String burst(BatchEngine engine, String modelId, int burst) {
    long[] done = new long[settings.jobs()];
    List<CompletableFuture<JobImages>> results = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < settings.jobs(); i++) {
      GenerationRequest request = GenerationRequest.builder("a red circle on a blue background")
          .seed(1000L * burst + i).steps(settings.steps()).guidanceScale(settings.guidance())
          .scheduler(SchedulerKind.DDIM).size(settings.size(), settings.size()).build();
      int index = i;
      results.add(engine.submit(EngineJob.of("bench-" + burst + "-" + i, modelId, request))
          .whenComplete((images, error) -> done[index] = System.nanoTime()));
    }
    CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).join();
    StringJoiner times = new StringJoiner(",");
    Arrays.stream(done).sorted()
        .forEach(t -> times.add(String.format(Locale.ROOT, "%.1f", (t - start) / 1e6)));
    return times.toString();
  }
}
