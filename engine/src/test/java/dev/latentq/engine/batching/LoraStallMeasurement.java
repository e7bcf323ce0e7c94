package dev.latentq.engine.batching;

import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.GenerationRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How long a running job's steps stall when a job arrives whose LoRA variant is not built yet (its model was not
 * loaded at intake, or the variant was closed since). A plain job denoises; once its first step is done, a job with
 * a LoRA set joins the queue; the gaps between the plain job's steps show whether the engine thread built the
 * variant itself. Not a test: run by hand (command in docs/benchmarks.md), on this build and an older one.
 *
 * <p>Arguments: {@code [model folder] [lora file] [trials]}.
 */
public final class LoraStallMeasurement {
  private LoraStallMeasurement() {}

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args.length > 0 ? args[0] : "../fixtures/tiny-sd15-optimum");
    Path lora = Path.of(args.length > 1 ? args[1] : folder.resolve("loras/a.safetensors").toString());
    int trials = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    for (int trial = 1; trial <= trials; trial++) {
      run(folder, lora, trial);
    }
  }

  private static void run(Path folder, Path lora, int trial) throws Exception {
    List<Long> stepEnds = new CopyOnWriteArrayList<>();
    CountDownLatch firstStep = new CountDownLatch(1);
    EngineListener listener = new EngineListener() {
      @Override
      public void started(EngineJob job) {
      }

      @Override
      public void progress(EngineJob job, int step, int totalSteps) {
        if (job.id().equals("plain")) {
          stepEnds.add(System.nanoTime());
          firstStep.countDown();
        }
      }

      @Override
      public void stepped(StepStats stats) {
      }
    };
    DiffusionModel model = DiffusionModel.load(folder, RuntimeOptions.cpu());
    try (BatchEngine engine = new BatchEngine(Map.of("m", model), 16, listener, Clock.systemUTC())) {
      engine.start();
      GenerationRequest base = model.request("a fox in the snow").steps(40).size(64, 64).build();
      CompletableFuture<JobImages> plain = engine.submit(EngineJob.of("plain", "m", base));
      firstStep.await(1, TimeUnit.MINUTES);
      long submitted = System.nanoTime();
      CompletableFuture<JobImages> styled = engine.submit(EngineJob.of("styled", "m",
          base.toBuilder().steps(4).lora(lora, 0.8).build()));
      styled.get(5, TimeUnit.MINUTES);
      long styledDone = System.nanoTime();
      plain.get(5, TimeUnit.MINUTES);
      List<Double> gaps = new ArrayList<>();
      for (int i = 1; i < stepEnds.size(); i++) {
        gaps.add((stepEnds.get(i) - stepEnds.get(i - 1)) / 1e6);
      }
      List<Double> sorted = gaps.stream().sorted().toList();
      System.out.printf(Locale.ROOT, "trial %d: plain job steps: median gap %.1f ms, longest gap %.1f ms;"
          + " LoRA job done %.0f ms after it arrived%n", trial, sorted.get(sorted.size() / 2), sorted.getLast(),
          (styledDone - submitted) / 1e6);
    }
  }
}
