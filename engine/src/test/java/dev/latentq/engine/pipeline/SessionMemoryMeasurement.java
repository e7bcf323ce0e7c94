package dev.latentq.engine.pipeline;

import ai.onnxruntime.OrtEnvironment;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.model.SessionTuning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Peak resident memory (VmHWM) and U-Net step time of one guided image with one set of session settings. Not a
 * test: {@code bin/bench-memory} runs it in a fresh JVM per setting, because the peak only ever grows.
 *
 * <p>Arguments: model folder, image side, settings for {@link SessionTuning#with(String)} relative to ONNX
 * Runtime's defaults (or "engine" for the engine's defaults), steps. Prints one tab-separated line: model, side,
 * settings, text-to-image weight bytes, resident MiB before loading (JVM + ONNX Runtime), after loading, peak,
 * load ms, median U-Net ms per step (after the first), process CPU ms per step (all threads: what the machine
 * pays, and robust against other processes sharing the cores).
 */
public final class SessionMemoryMeasurement {
  private SessionMemoryMeasurement() {}

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    int side = Integer.parseInt(args[1]);
    String settings = args[2];
    int steps = Integer.parseInt(args[3]);
    SessionTuning tuning = settings.startsWith("engine") || settings.startsWith("ort") ? SessionTuning.parse(settings)
        : SessionTuning.onnxRuntimeDefaults().with(settings);
    OrtEnvironment.getEnvironment();
    long floor = status("VmRSS");
    long started = System.nanoTime();
    try (DiffusionModel model = DiffusionModel.load(folder, RuntimeOptions.cpu().withTuning(tuning))) {
      long loadMs = (System.nanoTime() - started) / 1_000_000;
      long loaded = status("VmRSS");
      GenerationRequest request = model.request("a red circle on a blue square").seed(7).steps(steps)
          .guidanceScale(7.5).size(side, side).build();
      List<Sample> samples = model.prepare(request, request);
      List<Sample> finished = new ArrayList<>();
      List<Long> unetNanos = new ArrayList<>();
      long cpuBefore = cpuNanos();
      try (DenoiseBatch batch = model.newBatch(2)) {
        samples.forEach(batch::add);
        while (!batch.isEmpty()) {
          DenoiseBatch.StepResult step = batch.step();
          if (!step.failed().isEmpty()) {
            throw step.failed().values().iterator().next();
          }
          unetNanos.add(step.unetNanos());
          finished.addAll(step.finished());
        }
      }
      double cpuPerStepMs = (cpuNanos() - cpuBefore) / 1e6 / unetNanos.size();
      model.decode(finished);
      long peak = status("VmHWM");
      // The first step plans memory and warms kernels; the median of the rest is the steady step time.
      long[] steady = unetNanos.stream().skip(1).mapToLong(Long::longValue).sorted().toArray();
      double stepMs = steady.length == 0 ? Double.NaN : steady[steady.length / 2] / 1e6;
      System.out.printf(Locale.ROOT, "%s\t%d\t%s\t%d\t%.1f\t%.1f\t%.1f\t%d\t%.1f\t%.1f%n", folder.getFileName(), side,
          settings, textToImageWeightBytes(folder), floor / 1024.0, loaded / 1024.0, peak / 1024.0, loadMs, stepMs,
          cpuPerStepMs);
    }
  }

  /** Bytes of the ONNX files (with external data) text-to-image loads: everything but the VAE encoder. */
  static long textToImageWeightBytes(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> !folder.relativize(f).toString().startsWith("vae_encoder"))
          .filter(f -> Arrays.asList(f.getParent().toFile().list()).contains("model.onnx"))
          .filter(f -> !f.getFileName().toString().endsWith(".json"))
          .mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** A kB figure of /proc/self/status (VmRSS now, VmHWM the peak so far). */
  private static long status(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("/proc/self/status has no " + field + ": run this on Linux");
  }
}
