package dev.latentq.engine.pipeline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.scheduler.SchedulerKind;
import dev.latentq.engine.tokenizer.ClipTokenizer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.Map;
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
 * LatentQ's engine against the bare ONNX Runtime calls a straightforward Java pipeline makes (the way sd4j, the
 * other Java Stable Diffusion on ONNX Runtime, works: new tensors from Java arrays every step, one image at a time;
 * sd4j itself is not on Maven Central). Same model (shapes-sd), 128x128, DDIM 20 steps, guidance 5: one operation
 * is {@code images} images, one after the other for the bare loop, together in the engine's batch.
 *
 * <p>Run: {@code bin/bench BareOnnxRuntimeBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xss8m"})
public class BareOnnxRuntimeBenchmark {
  private static final Path MODEL = Path.of("../models/shapes-sd");
  private static final int STEPS = 20;
  private static final float GUIDANCE = 5f;
  private static final int LATENT = 16;

  @Param({"1", "8"})
  public int images;

  private OrtEnvironment env;
  private OrtSession textEncoder;
  private OrtSession unet;
  private OrtSession vae;
  private int[] promptIds;
  private int[] emptyIds;
  private DiffusionModel engine;

  @Setup(Level.Trial)
  public void setUp() throws OrtException {
    env = OrtEnvironment.getEnvironment();
    textEncoder = env.createSession(MODEL.resolve("text_encoder/model.onnx").toString());
    unet = env.createSession(MODEL.resolve("unet/model.onnx").toString());
    vae = env.createSession(MODEL.resolve("vae_decoder/model.onnx").toString());
    ClipTokenizer tokenizer = ClipTokenizer.load(MODEL.resolve("tokenizer"));
    promptIds = tokenizer.encode("a red circle on a blue background").ids();
    emptyIds = tokenizer.encode("").ids();
    engine = DiffusionModel.load(MODEL, RuntimeOptions.cpu());
  }

  /** The engine: the images as one request, batched and denoised on the step-level API, then decoded. */
  @Benchmark
  public int latentqEngine() {
    return new OneShotGenerator(engine, 16).generate(GenerationRequest.builder("a red circle on a blue background")
        .seed(7).steps(STEPS).guidanceScale(GUIDANCE).scheduler(SchedulerKind.DDIM).size(128, 128).images(images)
        .build()).size();
  }

  /** Bare ONNX Runtime: per image, text encoder, 20 U-Net calls with fresh tensors, DDIM in Java, VAE. */
  @Benchmark
  public float bareOnnxRuntime() throws OrtException {
    float checksum = 0;
    for (int i = 0; i < images; i++) {
      checksum += oneImage(i);
    }
    return checksum;
  }

  private float oneImage(long seed) throws OrtException {
    float[] embeddings;
    int[] ids = new int[2 * 77];
    System.arraycopy(emptyIds, 0, ids, 0, 77);
    System.arraycopy(promptIds, 0, ids, 77, 77);
    try (OnnxTensor input = OnnxTensor.createTensor(env, IntBuffer.wrap(ids), new long[] {2, 77});
        OrtSession.Result out = textEncoder.run(Map.of("input_ids", input))) {
      FloatBuffer states = ((OnnxTensor) out.get(0)).getFloatBuffer();
      embeddings = new float[states.remaining()];
      states.get(embeddings);
    }
    int n = 4 * LATENT * LATENT;
    float[] latents = new float[n];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      latents[i] = (float) random.nextGaussian();
    }
    double[] alphas = alphasCumprod();
    for (int step = 0; step < STEPS; step++) {
      int t = (STEPS - 1 - step) * (1000 / STEPS) + 1;
      int prev = t - 1000 / STEPS;
      float[] doubled = new float[2 * n];
      System.arraycopy(latents, 0, doubled, 0, n);
      System.arraycopy(latents, 0, doubled, n, n);
      float[] noise;
      try (OnnxTensor sample = OnnxTensor.createTensor(env, FloatBuffer.wrap(doubled), new long[] {2, 4, LATENT,
          LATENT});
          OnnxTensor timestep = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {t, t}), new long[] {2});
          OnnxTensor hidden = OnnxTensor.createTensor(env, FloatBuffer.wrap(embeddings),
              new long[] {2, 77, embeddings.length / 154});
          OrtSession.Result out = unet.run(Map.of("sample", sample, "timestep", timestep,
              "encoder_hidden_states", hidden))) {
        FloatBuffer prediction = ((OnnxTensor) out.get(0)).getFloatBuffer();
        noise = new float[prediction.remaining()];
        prediction.get(noise);
      }
      double at = alphas[t];
      double ap = prev >= 0 ? alphas[prev] : alphas[0];
      for (int i = 0; i < n; i++) {
        double eps = noise[i] + GUIDANCE * (noise[n + i] - noise[i]);
        double x0 = (latents[i] - Math.sqrt(1 - at) * eps) / Math.sqrt(at);
        latents[i] = (float) (Math.sqrt(ap) * x0 + Math.sqrt(1 - ap) * eps);
      }
    }
    for (int i = 0; i < n; i++) {
      latents[i] /= 0.6432f;
    }
    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(latents), new long[] {1, 4, LATENT, LATENT});
        OrtSession.Result out = vae.run(Map.of("latent_sample", input))) {
      return ((OnnxTensor) out.get(0)).getFloatBuffer().get(0);
    }
  }

  private static double[] alphasCumprod() {
    double[] alphas = new double[1000];
    double product = 1;
    double start = Math.sqrt(0.00085);
    double end = Math.sqrt(0.012);
    for (int i = 0; i < 1000; i++) {
      double beta = Math.pow(start + (end - start) * i / 999, 2);
      product *= 1 - beta;
      alphas[i] = product;
    }
    return alphas;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    engine.close();
    textEncoder.close();
    unet.close();
    vae.close();
  }
}
