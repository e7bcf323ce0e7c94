package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.batching.BatchEngine;
import dev.latentq.engine.batching.EngineJob;
import dev.latentq.engine.batching.EngineListener;
import dev.latentq.engine.batching.JobImages;
import dev.latentq.engine.batching.JobOutcomeException;
import dev.latentq.engine.lora.LoraException;
import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.lora.LoraWeight;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.engine.simulation.SimulatedModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Building a LoRA variant takes about a U-Net load. A job whose variant is not built yet (its model was not loaded
 * when intake checked it, or the variant was evicted since) waits in the queue while the model's LoRA thread builds
 * it; the engine thread goes on stepping the other jobs' batches meanwhile, and a set that does not apply fails
 * only its own job.
 */
class LoraVariantBuildOffEngineThreadTest {
  private static final LoraSet STYLE = LoraSet.of(new LoraWeight(Path.of("style.safetensors"), 0.8));
  private static final LoraSet BROKEN = LoraSet.of(new LoraWeight(Path.of("broken.safetensors"), 1.0));

  private final DiffusionModel base = SimulatedModel.create("sim", CostModel.nearlyFree());
  private final CountDownLatch buildMayFinish = new CountDownLatch(1);
  private final List<String> builderThreads = new CopyOnWriteArrayList<>();
  private BatchEngine engine;

  @AfterEach
  void close() throws Exception {
    buildMayFinish.countDown();
    if (engine != null) {
      engine.close();
    }
    base.close();
  }

  @Test
  void otherJobsRunWhileAVariantIsBuiltAndTheLoraJobJoinsOnceItIsReady() throws Exception {
    DiffusionModel model = modelWithSlowVariants();
    GenerationRequest request = model.request("a fox").steps(3).size(64, 64).build();

    CompletableFuture<JobImages> styled = engine.submit(EngineJob.of("styled", "m",
        request.toBuilder().loras(STYLE).build()));
    CompletableFuture<JobImages> plain = engine.submit(EngineJob.of("plain", "m", request));

    assertThat(plain.get(1, TimeUnit.MINUTES).images()).as("done while the variant is still being built").hasSize(1);
    assertThat(styled).isNotDone();
    buildMayFinish.countDown();
    assertThat(styled.get(1, TimeUnit.MINUTES).images()).hasSize(1);
    assertThat(builderThreads).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("latentq-lora-"));
    assertThat(model.loraVariants()).isEqualTo(1);
  }

  @Test
  void aSetThatDoesNotApplyFailsItsJobAsUnsupportedAndOnlyThatJob() throws Exception {
    DiffusionModel model = modelWithSlowVariants();
    buildMayFinish.countDown();
    GenerationRequest request = model.request("a fox").steps(3).size(64, 64).build();

    CompletableFuture<JobImages> broken = engine.submit(EngineJob.of("broken", "m",
        request.toBuilder().loras(BROKEN).build()));
    CompletableFuture<JobImages> plain = engine.submit(EngineJob.of("plain", "m", request));

    Throwable failure = broken.handle((images, e) -> e).get(1, TimeUnit.MINUTES);
    assertThat(failure).isInstanceOf(JobOutcomeException.class).hasMessageContaining("no weight for broken");
    assertThat(((JobOutcomeException) failure).reason()).isEqualTo(JobOutcomeException.Reason.UNSUPPORTED_REQUEST);
    assertThat(plain.get(1, TimeUnit.MINUTES).images()).hasSize(1);
  }

  /** A model whose variants are built only once the test lets them; a broken set fails as a LoRA problem. */
  private DiffusionModel modelWithSlowVariants() {
    DiffusionModel.Parts parts = base.parts();
    DiffusionModel model = new DiffusionModel(parts, set -> {
      builderThreads.add(Thread.currentThread().getName());
      if (set.equals(BROKEN)) {
        throw new LoraException("no weight for broken.safetensors' key lora_unet_x: use a LoRA made for SD 1.5");
      }
      try {
        buildMayFinish.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while building", e);
      }
      return new ModelVariant(set, parts.unet(), parts.prompts(), 1, List.of());
    });
    engine = new BatchEngine(Map.of("m", model), 8, EngineListener.NONE, Clock.systemUTC());
    engine.start();
    return model;
  }
}
