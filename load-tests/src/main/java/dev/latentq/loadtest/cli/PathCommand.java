package dev.latentq.loadtest.cli;

import dev.latentq.devstack.WorkerProcess;
import dev.latentq.loadtest.LoadRun;
import dev.latentq.loadtest.LoadRunConfig;
import dev.latentq.loadtest.RunResult;
import dev.latentq.loadtest.arrival.ArrivalPlan;
import dev.latentq.loadtest.capacity.MetricsProbe;
import dev.latentq.loadtest.cluster.CpuSet;
import dev.latentq.loadtest.cluster.LocalCluster;
import dev.latentq.loadtest.cluster.ProcessCpu;
import dev.latentq.loadtest.kafka.BrokerClients;
import dev.latentq.loadtest.mix.JobClass;
import dev.latentq.loadtest.mix.JobMix;
import dev.latentq.loadtest.path.BurstTimes;
import dev.latentq.loadtest.path.EngineAlone;
import dev.latentq.loadtest.path.PathComparison;
import dev.latentq.loadtest.path.PathWorkload;
import dev.latentq.loadtest.report.ReportWriter;
import dev.latentq.loadtest.stats.RunStatistics;
import dev.latentq.protocol.job.SchedulerName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
      description = "Measured bursts, after the warm-up (default ${DEFAULT-VALUE}).")
  int bursts;

  @Option(names = "--warmup-bursts", defaultValue = "1", paramLabel = "N",
      description = {"Whole-path bursts before the measured ones (default ${DEFAULT-VALUE}); the worker's JIT",
          "keeps compiling Kafka, HTTP and JSON code for the first hundreds of jobs."})
  int warmupBursts;

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

  @Option(names = "--pairs", defaultValue = "0", paramLabel = "N",
      description = {"Alternate N times: the engine alone (the worker jar's EngineBursts in its own JVM, same jobs,",
          "batch limit, threads and CPUs as the worker), then --bursts whole-path bursts; report each pair's",
          "ratio. 0 (default): the whole path only."})
  int pairs;

  @Option(names = "--worker-cpus", paramLabel = "LIST",
      description = "Pin the worker (and the engine alone) to these CPUs with taskset, e.g. 0 or 0-1.")
  String workerCpus;

  @Option(names = "--infra-cpus", paramLabel = "LIST",
      description = "Pin the broker, the S3 server and this load generator to these CPUs, e.g. 1.")
  String infraCpus;

  @Option(names = "--intra-op-threads", paramLabel = "N",
      description = "ONNX Runtime intra-op threads of the worker and the engine alone (default: the number of "
          + "--worker-cpus, else 0, ONNX Runtime's choice).")
  Integer intraOpThreads;

  @Option(names = "--worker-java-options", paramLabel = "OPTS",
      description = "JVM options for the worker and the engine alone, through JAVA_TOOL_OPTIONS.")
  String workerJavaOptions;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(modelDir.resolve("model_index.json"))) {
      throw new IllegalArgumentException(modelDir + " is not a model folder: pass --model-dir");
    }
    if ((workerCpus == null) != (infraCpus == null)) {
      throw new IllegalArgumentException("pass both --worker-cpus and --infra-cpus, or neither");
    }
    Optional<CpuSet> modelCpus = Optional.ofNullable(workerCpus).map(CpuSet::parse);
    Optional<CpuSet> otherCpus = Optional.ofNullable(infraCpus).map(CpuSet::parse);
    if (modelCpus.isPresent() && !modelCpus.get().disjointFrom(otherCpus.get())) {
      throw new IllegalArgumentException("--worker-cpus " + workerCpus + " and --infra-cpus " + infraCpus
          + " overlap: give them different CPUs");
    }
    int threads = intraOpThreads != null ? intraOpThreads : modelCpus.map(CpuSet::count).orElse(0);
    // Pinned first, so that the broker and S3 server this process starts inherit the set.
    otherCpus.ifPresent(c -> c.pin(ProcessHandle.current().pid()));
    String model = modelDir.getFileName().toString();
    Map<String, String> settings = new LinkedHashMap<>(Map.of("LATENTQ_ENGINE_MODE", "onnx",
        "LATENTQ_MODELS", model + "=" + modelDir.toAbsolutePath(),
        "LATENTQ_MAX_BATCH", Integer.toString(maxBatch),
        "LATENTQ_ENGINE_MAX_QUEUED_JOBS", Integer.toString(Math.max(jobs, 1) + 8),
        "LATENTQ_ENGINE_INTRA_OP_THREADS", Integer.toString(threads)));
    if (workerJavaOptions != null) {
      settings.put("JAVA_TOOL_OPTIONS", workerJavaOptions);
    }
    JobMix mix = new JobMix(List.of(JobClass.builder("path").model(model).size(size, size).steps(steps)
        .guidance(guidance).scheduler(SchedulerName.DDIM).build()));
    try (LocalCluster cluster = LocalCluster.start(out.resolve("cluster"), 4, settings)) {
      cluster.startWorker("w1", modelCpus.map(CpuSet::commandPrefix).orElse(List.of()));
      System.out.println(affinities(cluster, threads));
      for (int warmup = 1; warmup <= warmupBursts; warmup++) {
        pathBurst(cluster, mix, -warmup, "warmup-" + warmup);
      }
      MetricsProbe probe = MetricsProbe.startUntilResult(cluster.httpEndpoint("w1"));
      ProcessCpu cpuBefore = ProcessCpu.of(cluster);
      long startNanos = System.nanoTime();
      if (pairs > 0) {
        comparePairs(cluster, mix, new EngineAlone(WorkerProcess.locateJar(), modelDir,
            new PathWorkload(jobs, maxBatch, size, steps, guidance), threads, modelCpus,
            Optional.ofNullable(workerJavaOptions)));
      } else {
        double total = 0;
        for (int burst = 1; burst <= bursts; burst++) {
          total += pathBurst(cluster, mix, burst, "burst-" + burst).wholeBurstRate();
        }
        System.out.printf(Locale.ROOT, "whole path: %.3f images/s (mean of %d bursts of %d jobs, max batch %d rows)%n",
            total / bursts, bursts, jobs, maxBatch);
      }
      Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
      ProcessCpu used = ProcessCpu.of(cluster).since(cpuBefore);
      MetricsProbe.Reading reading = probe.result(maxBatch);
      System.out.printf(Locale.ROOT, "U-Net rows per call %.2f of %d (batch occupancy %.0f%%)%n",
          reading.rowsPerCall().orElse(Double.NaN), maxBatch, 100 * reading.occupancy().orElse(Double.NaN));
      System.out.println(cpuLine(wall, used));
    }
    return 0;
  }

  /** Engine alone, then the whole path, {@code pairs} times; the table goes to stdout and DIR/comparison.md. */
  private void comparePairs(LocalCluster cluster, JobMix mix, EngineAlone engine) throws Exception {
    PathComparison comparison = new PathComparison();
    for (int pair = 1; pair <= pairs; pair++) {
      List<BurstTimes> alone = engine.run(bursts, out.resolve("engine-pair-" + pair + ".log"));
      List<BurstTimes> whole = new ArrayList<>();
      for (int burst = 1; burst <= bursts; burst++) {
        whole.add(pathBurst(cluster, mix, (pair - 1) * bursts + burst, "pair-" + pair + "-burst-" + burst));
      }
      PathComparison.Pair measured = new PathComparison.Pair(alone, whole);
      comparison.add(measured);
      System.out.printf(Locale.ROOT, "pair %d: engine alone %.3f images/s, whole path %.3f (%.1f %%); steady window"
          + " %.3f and %.3f (%.1f %%)%n", pair, measured.engineRate(BurstTimes::wholeBurstRate),
          measured.pathRate(BurstTimes::wholeBurstRate), 100 * measured.ratio(BurstTimes::wholeBurstRate),
          measured.engineRate(BurstTimes::steadyRate), measured.pathRate(BurstTimes::steadyRate),
          100 * measured.ratio(BurstTimes::steadyRate));
      System.out.printf(Locale.ROOT, "pair %d: CPU per image, engine alone %.0f ms, worker %.0f ms (%.1f %%)%n", pair,
          measured.engineCpuMsPerImage(), measured.pathCpuMsPerImage(), 100 * measured.cpuRatio());
    }
    String table = comparison.markdown();
    System.out.print(table);
    Files.writeString(out.resolve("comparison.md"), table);
  }

  /** One burst of {@code jobs} jobs through Kafka; its report goes to DIR/{@code name}. */
  private BurstTimes pathBurst(LocalCluster cluster, JobMix mix, int seed, String name) throws Exception {
    LoadRunConfig config = LoadRunConfig.builder(ArrivalPlan.burst(jobs)).bootstrapServers(
        cluster.bootstrapServers()).topics(cluster.topics()).mix(mix).seed(seed)
        .timeout(Duration.ofMinutes(5)).build();
    WorkerProcess worker = cluster.workers().getFirst();
    Duration cpuBefore = cpuOf(worker);
    RunResult result = new LoadRun(config, new BrokerClients(cluster.bootstrapServers(), Map.of(), "path"),
        progress -> { }).run();
    RunStatistics stats = result.statistics();
    new ReportWriter().write(result, stats, out.resolve(name));
    BurstTimes times = BurstTimes.of(result.ledger(), cpuOf(worker).minus(cpuBefore).toNanos() / 1e6);
    System.out.printf(Locale.ROOT, "%s: %d jobs, %.3f images/s (steady window %.3f), worker CPU %.0f ms per image,"
        + " lost %d, failed %d%n", name, stats.overall().submitted(), times.wholeBurstRate(), times.steadyRate(),
        times.cpuMsPerImage(), stats.overall().lost(), stats.overall().failed());
    return times;
  }

  private static Duration cpuOf(WorkerProcess worker) {
    return ProcessHandle.of(worker.pid()).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
  }

  /** Where each process may run, as Linux reports it: the evidence that the pinning took. */
  private static String affinities(LocalCluster cluster, int threads) {
    StringBuilder line = new StringBuilder("CPUs allowed:");
    for (WorkerProcess worker : cluster.workers()) {
      line.append(" worker ").append(worker.name()).append(' ')
          .append(CpuSet.allowedFor(worker.pid()).orElse("?")).append(" (").append(threads)
          .append(" intra-op threads),");
    }
    cluster.devstack().kafka().pid().ifPresent(pid ->
        line.append(" Kafka broker ").append(CpuSet.allowedFor(pid).orElse("?")).append(','));
    cluster.devstack().s3().pid().ifPresent(pid ->
        line.append(" S3 server ").append(CpuSet.allowedFor(pid).orElse("?")).append(','));
    line.append(" load generator ").append(CpuSet.allowedFor(ProcessHandle.current().pid()).orElse("?"));
    return line.toString();
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
