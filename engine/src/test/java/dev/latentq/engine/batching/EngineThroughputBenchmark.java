package dev.latentq.engine.batching;

import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine alone — {@link BatchEngine} with real ONNX sessions on the CPU, no Kafka, S3 or PNG — running a
 * burst of {@code jobs} single-image guided jobs on the default model (shapes-sd, 128x128, DDIM 20 steps, guidance
 * 5, the demo's settings). One operation is the whole burst: images/s = jobs / score. Compare {@code maxBatch}
 * (U-Net rows per call) 2 (no batching across jobs) with 8 and 16 for the batching gain, and with the whole
 * service path measured by the load generator on the same machine.
 *
 * <p>Run: {@code bin/bench EngineThroughputBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xss8m"})
public class EngineThroughputBenchmark {
  @Param({"2", "8", "16"})
  public int maxBatch;

  @Param({"32"})
  public int jobs;

  private BatchEngine engine;
  private int burst;

  @Setup(Level.Trial)
  public void setUp() {
    DiffusionModel model = DiffusionModel.load(Path.of("../models/shapes-sd"), RuntimeOptions.cpu());
    engine = new BatchEngine(Map.of("shapes-sd", model), maxBatch, EngineListener.NONE, Clock.systemUTC());
    engine.start();
  }

  @Benchmark
  public int burst() {
    List<CompletableFuture<JobImages>> results = new ArrayList<>();
    burst++;
    for (int i = 0; i < jobs; i++) {
      GenerationRequest request = GenerationRequest.builder("a red circle on a blue background")
          .seed(1000L * burst + i).steps(20).guidanceScale(5.0).scheduler(SchedulerKind.DDIM).size(128, 128).build();
      results.add(engine.submit(EngineJob.of("bench-" + burst + "-" + i, "shapes-sd", request)));
    }
    CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).join();
    return results.size();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    engine.close();
  }
}
