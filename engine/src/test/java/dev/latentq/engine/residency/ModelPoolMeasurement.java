package dev.latentq.engine.residency;

import dev.latentq.engine.batching.BatchEngine;
import dev.latentq.engine.batching.EngineJob;
import dev.latentq.engine.batching.EngineListener;
import dev.latentq.engine.batching.JobImages;
import dev.latentq.engine.batching.SchedulingOptions;
import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.lora.LoraWeight;
import dev.latentq.engine.model.ResidentMemory;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.model.WeightFiles;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.engine.pipeline.ModelProfile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures what models cost in a pool: load time and resident memory (VmRSS) each model adds at load, after its
 * first job (ONNX Runtime arenas grow there) and what closing gives back; what each LoRA set adds as the pool
 * accounts it; and a workload cycling through four models with a budget that holds two, against no budget.
 * Not a test: run it on a quiet machine (see docs/benchmarks.md) with the engine module as working directory.
 */
public final class ModelPoolMeasurement {
  private static final Map<String, Path> MODELS = new LinkedHashMap<>();
  private static final Path OPTIMUM = Path.of("../fixtures/tiny-sd15-optimum");
  private static final ResidentMemory RSS = ResidentMemory.process();
  private static final int JOBS = 32;

  static {
    MODELS.put("shapes-sd", Path.of("../models/shapes-sd"));
    MODELS.put("tiny-sd15", Path.of("../fixtures/tiny-sd15"));
    MODELS.put("tiny-sd15-optimum", OPTIMUM);
  }

  private ModelPoolMeasurement() {}

  /**
   * {@code load ID} (one model, three loads: run each in a fresh JVM, since freed native memory stays with the
   * allocator and blurs later readings), {@code loras}, or {@code cycle BUDGET_MB} (0: no budget).
   */
  public static void main(String[] args) throws Exception {
    switch (args.length == 0 ? "" : args[0]) {
      case "load" -> load(args[1]);
      case "loras" -> loras();
      case "cycle" -> cycling(Long.parseLong(args[1]) << 20);
      case "start" -> start(args[1]);
      default -> throw new IllegalArgumentException("usage: load ID | loras | cycle BUDGET_MB | start new|old");
    }
    // The measurement engines of 'load' keep their threads (closing them would close the measured models).
    System.exit(0);
  }

  /**
   * Starts a pool of the three models, none pinned, in a fresh JVM and prints how long {@code start()} took and the
   * resident memory it added: {@code new} as the pool starts now (profiles read from the files, no session opened);
   * {@code old} doing what start-up did before profiles, one full load of each model, closed again.
   */
  private static void start(String mode) throws Exception {
    long before = rss();
    long started = System.nanoTime();
    if (mode.equals("new")) {
      List<ModelSource> sources = new ArrayList<>();
      MODELS.forEach((id, folder) -> sources.add(ModelSource.export(id, false, folder, RuntimeOptions.cpu())));
      try (ModelPool pool = new ModelPool(sources, 0, null, RSS, PoolListener.NONE)) {
        pool.start();
        report(mode, started, before);
      }
    } else {
      for (Path folder : MODELS.values()) {
        DiffusionModel model = DiffusionModel.load(folder, RuntimeOptions.cpu());
        model.profile();
        model.close();
      }
      report(mode, started, before);
    }
  }

  private static void report(String mode, long started, long before) {
    System.out.printf(Locale.ROOT, "start %s: %d models in %.0f ms, %+d MB resident%n", mode, MODELS.size(),
        ms(started), mb(rss() - before));
  }

  /**
   * Loads a warm-up model first and keeps it, so the runtime's one-time costs (code, thread pools, first-use
   * allocations) are paid; then loads the model three times keeping every copy open, so no copy reuses another's
   * freed pages: each reading is what one more copy of the model holds.
   */
  private static void load(String id) throws Exception {
    Path folder = MODELS.get(id);
    System.gc();
    System.out.printf(Locale.ROOT, "JVM: %d MB resident%n", mb(rss()));
    List<DiffusionModel> open = new ArrayList<>();
    long warmStart = rss();
    DiffusionModel warm = DiffusionModel.load(MODELS.get("tiny-sd15"), RuntimeOptions.cpu());
    open.add(warm);
    run("tiny-sd15", warm);
    System.out.printf(Locale.ROOT, "warm-up (tiny-sd15 loaded, one job run, kept): %+d MB%n", mb(rss() - warmStart));
    for (int copy = 1; copy <= 3; copy++) {
      long before = rss();
      long started = System.nanoTime();
      DiffusionModel model = DiffusionModel.load(folder, RuntimeOptions.cpu());
      double loadMs = ms(started);
      long loaded = rss();
      open.add(model);
      run(id, model);
      System.out.printf(Locale.ROOT, "%-18s copy %d: load %6.0f ms, %+d MB at load, %+d MB after its first job;"
          + " weights on disk %.1f MB%n", id, copy, loadMs, mb(loaded - before), mb(rss() - before),
          WeightFiles.bytes(folder) / 1e6);
    }
    for (DiffusionModel m : open) {
      m.close();
    }
  }

  /** One small job on the model, in an engine that does not own it (the caller closes it). */
  private static void run(String id, DiffusionModel model) throws Exception {
    List<ModelSource> one = List.of(ModelSource.declared(id, true, 0, () -> model));
    ModelPool borrowed = new ModelPool(one, 0, Runnable::run, ResidentMemory.unavailable(), PoolListener.NONE);
    borrowed.start();
    BatchEngine engine = new BatchEngine(borrowed, 4, EngineListener.NONE, Clock.systemUTC(),
        SchedulingOptions.DEFAULTS, System::nanoTime);
    engine.start();
    engine.submit(EngineJob.of("first", id, request(model, 0))).get(5, TimeUnit.MINUTES);
    engine.drain(java.time.Duration.ofSeconds(10)).get();
    // Not closed: closing the engine would close the model, which stays loaded for the measurement.
  }

  /** What each LoRA set adds to the model's accounted and real resident memory. */
  private static void loras() {
    DiffusionModel model = DiffusionModel.load(OPTIMUM, RuntimeOptions.cpu());
    model.keepLoraVariants(8);
    List<List<String>> sets = List.of(List.of("a"), List.of("b"), List.of("c"), List.of("a", "b"));
    double scale = 0.5;
    for (List<String> names : sets) {
      List<LoraWeight> weights = new ArrayList<>();
      for (String n : names) {
        weights.add(new LoraWeight(OPTIMUM.resolve("loras/" + n + ".safetensors"), scale));
      }
      LoraSet set = new LoraSet(weights);
      long accountedBefore = model.loraVariantsResidentBytes();
      long before = rss();
      long started = System.nanoTime();
      model.checkLoras(set).ifPresent(p -> {
        throw new IllegalStateException(p);
      });
      System.out.printf(Locale.ROOT, "LoRA set %-6s applied and sessions built in %5.0f ms: +%d MB resident,"
          + " %d KB accounted (patched weights %d KB)%n", String.join("+", names), ms(started), mb(rss() - before),
          (model.loraVariantsResidentBytes() - accountedBefore) / 1024, model.loraVariantBytes(set) / 1024);
    }
    try {
      model.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Jobs cycling over four models (the three above and a second id of tiny-sd15); {@code budget} 0: no limit. */
  private static void cycling(long budget) throws Exception {
    List<ModelSource> sources = new ArrayList<>();
    MODELS.forEach((id, folder) -> sources.add(ModelSource.export(id, false, folder, RuntimeOptions.cpu())));
    sources.add(ModelSource.export("tiny-sd15-b", false, MODELS.get("tiny-sd15"), RuntimeOptions.cpu()));
    AtomicInteger loads = new AtomicInteger();
    AtomicInteger evictions = new AtomicInteger();
    AtomicLong loadNanos = new AtomicLong();
    PoolListener counting = new PoolListener() {
      @Override
      public void loaded(String model, long nanos, long bytes) {
        loads.incrementAndGet();
        loadNanos.addAndGet(nanos);
      }

      @Override
      public void evicted(String model, long bytes) {
        evictions.incrementAndGet();
      }
    };
    long limit = budget;
    ModelPool pool = new ModelPool(sources, limit, null, RSS, counting);
    long probeStart = System.nanoTime();
    pool.start();
    System.out.printf(Locale.ROOT, "start-up (profiles read, pinned models loaded) of %d models: %.1f s; measured %s%n",
        sources.size(),
        ms(probeStart) / 1000, pool.status().stream().map(st -> st.id() + " " + mb(st.bytes()) + " MB").toList());
    AtomicLong maxAccounted = new AtomicLong();
    try (BatchEngine engine = new BatchEngine(pool, 4, EngineListener.NONE, Clock.systemUTC(),
        SchedulingOptions.DEFAULTS, System::nanoTime)) {
      engine.start();
      Map<String, ModelProfile> facts = engine.models();
      List<String> ids = new ArrayList<>(facts.keySet());
      long started = System.nanoTime();
      List<CompletableFuture<JobImages>> jobs = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        String id = ids.get(i % ids.size());
        jobs.add(engine.submit(EngineJob.of("job-" + i, id, request(facts.get(id), i))));
      }
      while (!CompletableFuture.allOf(jobs.toArray(CompletableFuture[]::new)).isDone()) {
        maxAccounted.accumulateAndGet(pool.residentBytes(), Math::max);
        Thread.sleep(5);
      }
      CompletableFuture.allOf(jobs.toArray(CompletableFuture[]::new)).get();
      System.out.printf(Locale.ROOT, "cycling %d jobs over %d models, budget %s: %.1f s, %d loads (%.0f ms each on"
          + " average), %d evictions, at most %d MB accounted%n", JOBS, ids.size(),
          limit == 0 ? "none" : mb(limit) + " MB", ms(started) / 1000, loads.get(),
          loads.get() == 0 ? 0.0 : loadNanos.get() / 1e6 / loads.get(), evictions.get(), mb(maxAccounted.get()));
    }
  }

  private static BatchEngine engineOf(String id, DiffusionModel model) {
    BatchEngine engine = new BatchEngine(Map.of(id, model), 4, EngineListener.NONE, Clock.systemUTC());
    engine.start();
    return engine;
  }

  /** A small, quick request at the model's smallest size: two steps. */
  private static GenerationRequest request(DiffusionModel model, int seed) {
    return request(model.profile(), seed);
  }

  private static GenerationRequest request(ModelProfile model, int seed) {
    int side = Math.max(64, model.sizeMultiple());
    return model.request("a red circle").size(side, side).steps(2).seed(seed).build();
  }

  private static long rss() {
    return RSS.residentBytes().orElse(0);
  }

  private static long mb(long bytes) {
    return Math.round(bytes / 1048576.0);
  }

  private static double ms(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e6;
  }
}
