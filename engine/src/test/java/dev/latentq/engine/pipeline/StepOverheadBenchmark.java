package dev.latentq.engine.pipeline;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import dev.latentq.engine.model.Denoiser;
import dev.latentq.engine.model.UNetBuffers;
import dev.latentq.engine.model.UNetSignature;
import dev.latentq.engine.noise.NumpyRandomState;
import dev.latentq.engine.scheduler.SchedulePlan;
import dev.latentq.engine.scheduler.SchedulerConfig;
import dev.latentq.engine.scheduler.SchedulerKind;
import dev.latentq.engine.tensor.ElementType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * The engine's Java work per sample per step — packing latents and conditioning into the U-Net's native
 * buffers, float16 conversion, classifier-free guidance, the scheduler update — with the U-Net itself replaced
 * by a call that does nothing, at SD 1.5's 64x64x4 latents (512x512 images) and 77x768 text embeddings.
 * One operation is one step of {@code samples} guided samples; divide by {@code samples} for the per-sample cost.
 *
 * <p>For {@code euler_a} the step also waits for the next draw of numpy normals (16k per image per step), which the
 * engine computes ahead on a background thread during the U-Net call; with a do-nothing U-Net that draw is on the
 * critical path, so {@link #drawOneImageOfNoise} measures it on its own.
 *
 * <p>Run: {@code bin/bench StepOverheadBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class StepOverheadBenchmark {
  private static final int LATENT = 64;
  private static final int TOKENS = 77;
  private static final int WIDTH = 768;

  @Param({"ddim", "euler_a", "dpmpp_2m"})
  public String scheduler;

  @Param({"FLOAT32", "FLOAT16"})
  public String precision;

  @Param({"1", "8"})
  public int samples;

  private DenoiseBatch batch;
  private SchedulePlan plan;
  private Conditioning conditioning;
  private final List<Sample> live = new ArrayList<>();
  private final ExecutorService prefetcher = Executors.newSingleThreadExecutor();
  private final NumpyRandomState rng = new NumpyRandomState(7);
  private final float[] noiseBuffer = new float[4 * LATENT * LATENT];

  @Setup(Level.Trial)
  public void setUp() {
    ElementType type = ElementType.valueOf(precision);
    UNetSignature signature = new UNetSignature(type, 4, OnnxJavaType.FLOAT, false, type, WIDTH, null, null, null,
        "out_sample", type);
    batch = new DenoiseBatch(OrtEnvironment.getEnvironment(), new IdleDenoiser(signature), WIDTH,
        2 * samples);
    SchedulerConfig config = SchedulerConfig.parse("{\"_class_name\": \"DDIMScheduler\", \"beta_schedule\": "
        + "\"scaled_linear\", \"beta_start\": 0.00085, \"beta_end\": 0.012, \"steps_offset\": 1, "
        + "\"clip_sample\": false, \"set_alpha_to_one\": false}", "SD 1.5 betas");
    plan = SchedulerKind.fromName(scheduler).create(config).plan(500, 1.0);
    float[] states = new float[TOKENS * WIDTH];
    java.util.Arrays.fill(states, 0.25f);
    conditioning = new Conditioning(new RowConditioning(states, null, null, null),
        new RowConditioning(states.clone(), null, null, null));
    refill();
  }

  private void refill() {
    NoiseStream noise = new NoiseStream(42, samples, 4 * LATENT * LATENT, 1 + plan.length(), prefetcher);
    for (int k = 0; k < samples; k++) {
      float[] latents = new float[4 * LATENT * LATENT];
      noise.read(0, k, latents);
      Sample s = new Sample(new Sample.Spec("bench", k, conditioning, 7.5, plan, noise, 4, LATENT, LATENT), latents);
      live.add(s);
      batch.add(s);
    }
  }

  @Benchmark
  public int step() {
    DenoiseBatch.StepResult result = batch.step();
    if (!result.finished().isEmpty()) {
      live.clear();
      refill();
    }
    return result.rows();
  }

  /** One image's worth (64x64x4) of numpy standard normals: the ancestral schedulers' per-step draw. */
  @Benchmark
  public float drawOneImageOfNoise() {
    rng.standardNormal(noiseBuffer, 0, noiseBuffer.length);
    return noiseBuffer[0];
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    batch.close();
    prefetcher.shutdownNow();
  }

  /** A U-Net that returns at once, leaving the (zero) output buffer as it is. */
  private record IdleDenoiser(UNetSignature signature) implements Denoiser {
    @Override
    public void run(UNetBuffers buffers, int rows) {
      // Nothing: the benchmark measures everything around the model call.
    }

    @Override
    public void close() {
    }
  }
}
