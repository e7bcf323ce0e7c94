package dev.latentq.engine.batching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.GenerationRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The batch engine groups jobs by LoRA set: three jobs on two sets take two U-Net calls per step, and a job whose
 * LoRA does not fit the model fails alone as an unsupported request.
 */
class LoraBatchEngineTest {
  private static final Path MODEL = Path.of("../fixtures/tiny-sd15-optimum");

  @Test
  void jobsOfOneLoraSetShareACallAndOtherSetsGetTheirOwn() throws Exception {
    List<EngineListener.StepStats> steps = new CopyOnWriteArrayList<>();
    EngineListener listener = new EngineListener() {
      @Override
      public void started(EngineJob job) {
      }

      @Override
      public void progress(EngineJob job, int step, int totalSteps) {
      }

      @Override
      public void stepped(StepStats stats) {
        steps.add(stats);
      }
    };
    DiffusionModel model = DiffusionModel.load(MODEL, RuntimeOptions.cpu());
    try (BatchEngine engine = new BatchEngine(Map.of("m", model), 16, listener, Clock.systemUTC())) {
      Path a = MODEL.resolve("loras/a.safetensors");
      Path b = MODEL.resolve("loras/b.safetensors");
      GenerationRequest base = model.request("a fox").steps(4).size(64, 64).guidanceScale(7.5).build();
      // Variants built ahead, as the worker's intake does, and jobs submitted before the engine starts: all of them
      // join the first batch together (a variant not built yet is built off the engine thread, its job joining later).
      assertThat(model.checkLoras(base.toBuilder().lora(a, 0.7).lora(b, 0.6).build().loras())).isEmpty();
      assertThat(model.checkLoras(base.toBuilder().lora(b, 0.6).build().loras())).isEmpty();
      List<CompletableFuture<JobImages>> ok = List.of(
          engine.submit(EngineJob.of("a-1", "m", base.toBuilder().seed(1).lora(a, 0.7).lora(b, 0.6).build())),
          engine.submit(EngineJob.of("a-2", "m", base.toBuilder().seed(2).lora(b, 0.6).lora(a, 0.7).build())),
          engine.submit(EngineJob.of("b-1", "m", base.toBuilder().seed(3).lora(b, 0.6).build())));
      CompletableFuture<JobImages> broken = engine.submit(EngineJob.of("bad", "m",
          base.toBuilder().lora(MODEL.resolve("loras/missing.safetensors"), 1.0).build()));
      engine.start();
      for (CompletableFuture<JobImages> job : ok) {
        assertThat(job.get(2, TimeUnit.MINUTES).images()).hasSize(1);
      }
      // The future completes exceptionally with the outcome itself (not wrapped).
      Throwable failure = broken.handle((r, e) -> e).get(1, TimeUnit.MINUTES);
      assertThat(failure).isInstanceOf(JobOutcomeException.class);
      JobOutcomeException outcome = (JobOutcomeException) failure;
      assertThat(outcome.reason()).isEqualTo(JobOutcomeException.Reason.UNSUPPORTED_REQUEST);
      assertThat(outcome.getMessage()).contains("missing.safetensors");
      EngineListener.StepStats first = steps.get(0);
      assertThat(first.samples()).isEqualTo(3);
      assertThat(first.unetCalls()).as("one call for {a@0.7, b@0.6} (two jobs), one for {b@0.6}").isEqualTo(2);
      assertThat(first.rows()).isEqualTo(6);
      assertThat(model.loraVariants()).isEqualTo(2);
    }
  }
}
