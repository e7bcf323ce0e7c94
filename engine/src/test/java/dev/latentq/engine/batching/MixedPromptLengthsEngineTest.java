package dev.latentq.engine.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.engine.pipeline.OneShotGenerator;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Jobs whose conditionings differ in length (plain prompts, long and BREAK-split A1111 prompts) go through one
 * engine together: each comes out exactly as when generated alone, and a prompt the A1111 parser rejects fails
 * only its own job.
 */
class MixedPromptLengthsEngineTest {
  private static final Path SD15 = Path.of("../fixtures/tiny-sd15-ln");

  @Test
  void jobsOfDifferentChunkCountsShareTheEngineAndMatchTheirSoloRuns() throws Exception {
    DiffusionModel model = DiffusionModel.load(SD15, RuntimeOptions.cpu());
    // The engine owns (and closes) its models.
    try (BatchEngine engine = new BatchEngine(Map.of("ln", model), 16, EngineListener.NONE, Clock.systemUTC())) {
      List<GenerationRequest> requests = List.of(
          request(model, "a (red:1.3) circle", 1, PromptSyntax.A1111),
          request(model, "a castle BREAK a dragon BREAK night", 2, PromptSyntax.A1111),
          request(model, "(masterpiece), a blue square", 3, PromptSyntax.PLAIN),
          request(model, "a hill BREAK [fog]", 4, PromptSyntax.A1111));
      GenerationRequest broken = request(model, "a (fox:1.2.3)", 5, PromptSyntax.A1111);
      engine.start();
      List<CompletableFuture<JobImages>> jobs = new ArrayList<>();
      for (int i = 0; i < requests.size(); i++) {
        jobs.add(engine.submit(EngineJob.of("job-" + i, "ln", requests.get(i))));
      }
      CompletableFuture<JobImages> failing = engine.submit(EngineJob.of("broken", "ln", broken));

      for (int i = 0; i < requests.size(); i++) {
        assertThat(jobs.get(i).join().images().get(0)).as(requests.get(i).prompt())
            .isEqualTo(new OneShotGenerator(model, 16).generate(requests.get(i)).get(0).image());
      }
      Throwable failure = catchThrowable(failing::join);
      assertThat(failure).isInstanceOf(CompletionException.class)
          .cause().isInstanceOf(JobOutcomeException.class).hasMessageContaining("(text:1.2)");
      assertThat(((JobOutcomeException) failure.getCause()).reason())
          .isEqualTo(JobOutcomeException.Reason.UNSUPPORTED_REQUEST);
    }
  }

  private static GenerationRequest request(DiffusionModel model, String prompt, long seed, PromptSyntax syntax) {
    return model.request(prompt).seed(seed).steps(5).guidanceScale(7.0).scheduler(SchedulerKind.EULER)
        .size(64, 64).promptSyntax(syntax).build();
  }
}
