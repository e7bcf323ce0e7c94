package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latentq.engine.batching.BatchEngine;
import dev.latentq.engine.batching.EngineJob;
import dev.latentq.engine.batching.EngineListener;
import dev.latentq.engine.batching.JobImages;
import dev.latentq.engine.batching.JobOutcomeException;
import dev.latentq.engine.image.RgbImage;
import dev.latentq.engine.model.Denoiser;
import dev.latentq.engine.model.InferenceException;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.model.UNetBuffers;
import dev.latentq.engine.model.UNetSignature;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One job whose rows make the shared U-Net call fail must fail alone: the batch retries the call in smaller groups,
 * and every other job of the batch finishes with exactly the images it would have had alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonRowIsolationTest {
  private static final Path SD15 = Path.of("../fixtures/tiny-sd15");
  private static final String POISON = "a poisonous prompt";

  private DiffusionModel sd15;

  @BeforeAll
  void loadModel() {
    sd15 = DiffusionModel.load(SD15, RuntimeOptions.cpu());
  }

  @AfterAll
  void closeModel() throws Exception {
    sd15.close();
  }

  /** A fresh tiny-sd15 whose U-Net fails every call holding a row conditioned on {@link #POISON}. */
  private static DiffusionModel poisoned() {
    DiffusionModel.Parts p = DiffusionModel.load(SD15, RuntimeOptions.cpu()).parts();
    float[] poison = p.prompts().encode(POISON, "", PromptSyntax.PLAIN, false, 64, 64).positive().hiddenStates();
    return new DiffusionModel(new DiffusionModel.Parts(p.name(), p.family(), p.env(), p.prompts(),
        new PoisonDenoiser(p.unet(), poison), p.decoder(), p.encoder(), p.vae(), p.schedulerConfig(),
        p.defaultScheduler(), p.vaeScaleFactor(), p.defaultWidth(), p.defaultHeight(), p.latentMultiple()));
  }

  private static GenerationRequest request(String prompt, long seed, double guidance) {
    return GenerationRequest.builder(prompt).seed(seed).steps(4).guidanceScale(guidance)
        .scheduler(SchedulerKind.EULER).size(64, 64).build();
  }

  @Test
  void aSampleWhoseCallFailsEvenAloneLeavesTheBatchAndTheOthersMatchTheirSoloRuns() throws Exception {
    GenerationRequest good1 = request("a red circle", 1, 7.5);
    GenerationRequest bad = request(POISON, 2, 1.0);
    GenerationRequest good2 = request("a blue square", 3, 1.0);
    List<Sample> finished = new ArrayList<>();
    List<Sample> failed = new ArrayList<>();
    try (DiffusionModel poisoned = poisoned(); DenoiseBatch batch = poisoned.newBatch(16)) {
      for (GenerationRequest r : List.of(good1, bad, good2)) {
        poisoned.prepare(r, r).forEach(batch::add);
      }
      while (!batch.isEmpty()) {
        DenoiseBatch.StepResult step = batch.step();
        finished.addAll(step.finished());
        step.failed().forEach((sample, cause) -> {
          assertThat(cause).isInstanceOf(InferenceException.class);
          failed.add(sample);
        });
      }
    }

    assertThat(failed).extracting(Sample::owner).containsExactly(bad);
    assertThat(failed.get(0).step()).as("the failed sample was never advanced").isZero();
    assertThat(finished).extracting(Sample::owner).containsExactlyInAnyOrder(good1, good2);
    for (DecodedImage image : sd15.decode(finished)) {
      GenerationRequest r = (GenerationRequest) image.owner();
      assertThat(image.image()).as(r.prompt()).isEqualTo(new OneShotGenerator(sd15, 16).generate(r).get(0).image());
    }
  }

  @Test
  void theEngineFailsOnlyTheJobThatFailsAloneAndFinishesTheRestOfItsBatch() throws Exception {
    GenerationRequest good1 = request("a red circle", 1, 7.5);
    GenerationRequest bad = request(POISON, 2, 1.0);
    GenerationRequest good2 = request("a blue square", 3, 1.0);
    try (BatchEngine engine = new BatchEngine(Map.of("sd15", poisoned()), 16, EngineListener.NONE,
        Clock.systemUTC())) {
      // Submitted before the engine runs, so all three join the first batch and share its U-Net calls.
      CompletableFuture<JobImages> first = engine.submit(EngineJob.of("good-1", "sd15", good1));
      CompletableFuture<JobImages> poison = engine.submit(EngineJob.of("poison", "sd15", bad));
      CompletableFuture<JobImages> second = engine.submit(EngineJob.of("good-2", "sd15", good2));
      engine.start();

      ExecutionException failure = catchThrowableOfType(ExecutionException.class,
          () -> poison.get(2, TimeUnit.MINUTES));
      assertThat(failure.getCause()).isInstanceOfSatisfying(JobOutcomeException.class, e -> {
        assertThat(e.kind()).isEqualTo(JobOutcomeException.Kind.FAILED);
        assertThat(e.reason()).isEqualTo(JobOutcomeException.Reason.MODEL_ERROR);
        assertThat(e.getMessage()).contains("failed while denoising this job");
      });
      assertThat(image(first)).isEqualTo(new OneShotGenerator(sd15, 16).generate(good1).get(0).image());
      assertThat(image(second)).isEqualTo(new OneShotGenerator(sd15, 16).generate(good2).get(0).image());
    }
  }

  @Test
  void theModelKnowsTheSizesItsUNetTakesFromTheExport() {
    // tiny-sd15's U-Net has two down blocks: it halves the latents once, so sides are multiples of 8 * 2.
    assertThat(sd15.sizeMultiple()).isEqualTo(16);
    assertThat(sd15.check(request("p", 1, 1.0).toBuilder().size(72, 64).build()))
        .hasValue("size 72x64 is not supported by model tiny-sd15: width and height must be multiples of 16, e.g."
            + " 80x64");
    assertThat(sd15.check(request("p", 1, 1.0).toBuilder().size(80, 96).build())).isEmpty();
  }

  private static RgbImage image(CompletableFuture<JobImages> job) throws Exception {
    return job.get(2, TimeUnit.MINUTES).images().get(0);
  }

  /** The real U-Net, except that a call holding a row conditioned on the poison prompt fails. */
  private static final class PoisonDenoiser implements Denoiser {
    private final Denoiser real;
    private final float[] poison;

    PoisonDenoiser(Denoiser real, float[] poison) {
      this.real = real;
      this.poison = poison;
    }

    @Override
    public UNetSignature signature() {
      return real.signature();
    }

    @Override
    public void run(UNetBuffers buffers, int rows) {
      float[] row = new float[poison.length];
      for (int r = 0; r < rows; r++) {
        buffers.hiddenStates().read(r, row, 0, row.length);
        if (Arrays.equals(row, poison)) {
          throw new InferenceException("the U-Net failed on row " + r + " of " + rows, null);
        }
      }
      real.run(buffers, rows);
    }

    @Override
    public void close() throws Exception {
      real.close();
    }
  }
}
