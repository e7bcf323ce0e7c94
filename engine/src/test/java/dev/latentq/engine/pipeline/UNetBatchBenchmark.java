package dev.latentq.engine.pipeline;

import dev.latentq.engine.model.Denoiser;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.model.UNetBuffers;
import dev.latentq.engine.prompt.PromptSyntax;
import java.nio.file.Path;
import java.util.SplittableRandom;
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
 * One U-Net call of {@code rows} samples on ONNX Runtime (CPU here), for the batching curve: divide the score by
 * {@code rows} for the time per sample. Uses the fixture pipelines (tiny, random-weight Stable Diffusion
 * architectures) at their native 16x16 latents (128x128 images) and at 64x64 (512x512).
 *
 * <p>Run: {@code bin/bench UNetBatchBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class UNetBatchBenchmark {
  @Param({"tiny-sd15", "tiny-sdxl"})
  public String model;

  @Param({"16", "64"})
  public int latent;

  @Param({"1", "2", "4", "8", "16"})
  public int rows;

  private DiffusionModel diffusion;
  private Denoiser unet;
  private UNetBuffers buffers;

  @Setup(Level.Trial)
  public void setUp() {
    diffusion = DiffusionModel.load(Path.of("../fixtures", model), RuntimeOptions.cpu());
    unet = diffusion.parts().unet();
    PromptEncoder prompts = diffusion.prompts();
    buffers = new UNetBuffers(diffusion.parts().env(), unet.signature(), latent, latent,
        prompts.sequenceLength(), prompts.hiddenWidth(), rows);
    Conditioning c = prompts.encode("a lighthouse on a cliff", "", PromptSyntax.PLAIN, true, latent * 8, latent * 8);
    SplittableRandom random = new SplittableRandom(1);
    float[] latents = new float[buffers.sample().rowElements()];
    for (int i = 0; i < latents.length; i++) {
      latents[i] = (float) random.nextGaussian();
    }
    for (int row = 0; row < rows; row++) {
      RowConditioning cond = row % 2 == 0 ? c.negative() : c.positive();
      buffers.sample().write(row, 0, latents, 0, latents.length);
      buffers.timestep().set(buffers.timestep().isScalar() ? 0 : row, 500);
      buffers.hiddenStates().write(row, 0, cond.hiddenStates(), 0, cond.hiddenStates().length);
      if (buffers.textEmbeds() != null) {
        buffers.textEmbeds().write(row, 0, cond.pooled(), 0, cond.pooled().length);
        buffers.timeIds().write(row, 0, cond.timeIds(), 0, cond.timeIds().length);
      }
    }
  }

  @Benchmark
  public void unetCall() {
    unet.run(buffers, rows);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    buffers.close();
    diffusion.close();
  }
}
