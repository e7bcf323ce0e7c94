package dev.latentq.engine.batching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.GenerationRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Preemption on the real engine: the displaced job resumes where it stopped and its image is bit-exact. */
class PreemptionTest {
  private static final Path TINY_SD15 = Path.of("../fixtures/tiny-sd15");

  @Test
  void preemptedJobResumesAndProducesTheImageOfAnUninterruptedRun() throws Exception {
    AtomicReference<BatchEngine> engineRef = new AtomicReference<>();
    List<String> completions = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<JobImages>> high = Collections.synchronizedList(new ArrayList<>());
    EngineListener listener = new EngineListener() {
      @Override
      public void started(EngineJob job) {
      }

      @Override
      public void progress(EngineJob job, int step, int totalSteps) {
        // On the engine thread, between steps: the high-priority job arrives while the low one is mid-way.
        if (job.id().equals("low-interrupted") && step == 3 && high.isEmpty()) {
          BatchEngine engine = engineRef.get();
          GenerationRequest request = engine.models().get("tiny").request("a red square").steps(6)
              .guidanceScale(7.5).seed(99).build();
          high.add(engine.submit(EngineJob.of("high", "tiny", request).withPriority(5)));
          high.get(0).thenRun(() -> completions.add("high"));
        }
      }

      @Override
      public void stepped(StepStats stats) {
      }
    };
    DiffusionModel model = DiffusionModel.load(TINY_SD15, RuntimeOptions.cpu());
    // Two U-Net rows per call: one guided image fills the batch, so the high-priority job cannot just join.
    try (BatchEngine engine = new BatchEngine(Map.of("tiny", model), 2, listener, Clock.systemUTC(),
        SchedulingOptions.DEFAULTS.withMaxPreemptions(1))) {
      engineRef.set(engine);
      engine.start();
      GenerationRequest low = model.request("a blue circle on grass").steps(12).guidanceScale(7.5).seed(1234)
          .build();

      JobImages alone = engine.submit(EngineJob.of("low-alone", "tiny", low)).get(2, TimeUnit.MINUTES);
      var interrupted = engine.submit(EngineJob.of("low-interrupted", "tiny", low));
      interrupted.thenRun(() -> completions.add("low"));
      JobImages resumed = interrupted.get(2, TimeUnit.MINUTES);

      assertThat(high).hasSize(1);
      assertThat(high.get(0).get(2, TimeUnit.MINUTES).images()).hasSize(1);
      assertThat(completions).containsExactly("high", "low");
      assertThat(resumed.images()).isEqualTo(alone.images());
    }
  }
}
