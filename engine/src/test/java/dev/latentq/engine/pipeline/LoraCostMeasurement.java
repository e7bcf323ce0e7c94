package dev.latentq.engine.pipeline;

import ai.onnxruntime.OrtEnvironment;
import dev.latentq.engine.lora.AdapterModule;
import dev.latentq.engine.lora.LoraAdapter;
import dev.latentq.engine.lora.LoraPatcher;
import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.lora.LoraWeight;
import dev.latentq.engine.lora.OnnxWeights;
import dev.latentq.engine.lora.PatchedWeights;
import dev.latentq.engine.lora.Component;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.model.SessionFactory;
import dev.latentq.engine.model.UNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures what LoRAs cost on the fixture model: time to apply a LoRA set and build its sessions (split into reading
 * and patching against opening the sessions), and resident memory (VmRSS) per loaded model and per LoRA set.
 * Not a test: run it on a quiet machine (see docs/benchmarks.md) with the engine module as working directory.
 */
public final class LoraCostMeasurement {
  private static final Path OPTIMUM = Path.of("../fixtures/tiny-sd15-optimum");
  private static final Path SHAPES = Path.of("../models/shapes-sd");
  private static final int REPEATS = 5;

  private LoraCostMeasurement() {}

  public static void main(String[] args) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    System.gc();
    long base = rssKb();
    System.out.printf(Locale.ROOT, "JVM + ONNX Runtime environment: %d MB resident%n", base / 1024);
    for (Path folder : List.of(SHAPES, OPTIMUM)) {
      long before = rssKb();
      long started = System.nanoTime();
      DiffusionModel model = DiffusionModel.load(folder, RuntimeOptions.cpu());
      System.out.printf(Locale.ROOT, "load %-18s %7.0f ms, +%d MB resident, weights on disk %.1f MB%n",
          model.name(), ms(started), (rssKb() - before) / 1024, diskMb(folder));
      if (folder.equals(OPTIMUM)) {
        variants(model);
      }
      model.close();
    }
    breakdown(env);
  }

  /** Whole variants through the model's cache: distinct scales so each build is fresh. */
  private static void variants(DiffusionModel model) {
    Path a = OPTIMUM.resolve("loras/a.safetensors");
    Path b = OPTIMUM.resolve("loras/b.safetensors");
    Path c = OPTIMUM.resolve("loras/c.safetensors");
    String[] names = {"a (kohya, U-Net + text encoder)", "b (LoCon, U-Net conv)", "c (PEFT, U-Net + text encoder)",
        "a + b"};
    for (int kind = 0; kind < names.length; kind++) {
      double[] times = new double[REPEATS];
      long rssBefore = rssKb();
      long bytes = 0;
      for (int i = 0; i < REPEATS; i++) {
        double scale = 1.0 - 0.01 * i;
        LoraSet set = switch (kind) {
          case 0 -> LoraSet.of(new LoraWeight(a, scale));
          case 1 -> LoraSet.of(new LoraWeight(b, scale));
          case 2 -> LoraSet.of(new LoraWeight(c, scale));
          default -> LoraSet.of(new LoraWeight(a, scale), new LoraWeight(b, scale));
        };
        long started = System.nanoTime();
        if (model.checkLoras(set).isPresent()) {
          throw new IllegalStateException(model.checkLoras(set).get());
        }
        times[i] = ms(started);
        bytes = model.loraVariantBytes(set);
      }
      long perSet = (rssKb() - rssBefore) / REPEATS;
      System.out.printf(Locale.ROOT, "variant %-32s build first %6.0f ms, median of rest %6.0f ms; +%d KB resident"
          + " per set; patched weights %d KB%n", names[kind], times[0], median(Arrays.copyOfRange(times, 1, REPEATS)),
          perSet, bytes / 1024);
    }
  }

  /** Reading and patching against session creation, for the U-Net of set a. */
  private static void breakdown(OrtEnvironment env) throws Exception {
    SessionFactory sessions = new SessionFactory(env, RuntimeOptions.cpu());
    LoraPatcher patcher = new LoraPatcher(env);
    Path unetFile = OPTIMUM.resolve("unet/model.onnx");
    double[] read = new double[REPEATS];
    double[] graph = new double[REPEATS];
    double[] patch = new double[REPEATS];
    double[] open = new double[REPEATS];
    double[] openPlain = new double[REPEATS];
    for (int i = 0; i < REPEATS; i++) {
      long t0 = System.nanoTime();
      LoraAdapter adapter = LoraAdapter.read(OPTIMUM.resolve("loras/a.safetensors"));
      read[i] = ms(t0);
      long t1 = System.nanoTime();
      OnnxWeights weights = OnnxWeights.read(unetFile, "unet");
      graph[i] = ms(t1);
      List<LoraPatcher.Scaled> modules = new ArrayList<>();
      for (AdapterModule m : adapter.modules()) {
        if (m.component() == Component.UNET) {
          modules.add(new LoraPatcher.Scaled(m, 1.0, "a"));
        }
      }
      long t2 = System.nanoTime();
      PatchedWeights patched = patcher.patch(weights, modules);
      patch[i] = ms(t2);
      long t3 = System.nanoTime();
      UNet unet = UNet.load(sessions, unetFile, patched.overrides());
      open[i] = ms(t3);
      unet.close();
      patched.close();
      long t4 = System.nanoTime();
      UNet plain = UNet.load(sessions, unetFile);
      openPlain[i] = ms(t4);
      plain.close();
    }
    System.out.printf(Locale.ROOT, "U-Net of set a, median of %d: read LoRA file %.1f ms, read ONNX graph %.1f ms,"
        + " patch 48 weights %.1f ms, open patched session %.0f ms (plain session %.0f ms)%n", REPEATS,
        median(read), median(graph), median(patch), median(open), median(openPlain));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double ms(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e6;
  }

  private static double diskMb(Path folder) throws IOException {
    try (var files = Files.walk(folder)) {
      return files.filter(p -> p.toString().endsWith(".onnx") || p.toString().endsWith(".onnx_data"))
          .mapToLong(p -> p.toFile().length()).sum() / 1e6;
    }
  }

  private static long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("needs Linux /proc to read resident memory", e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
