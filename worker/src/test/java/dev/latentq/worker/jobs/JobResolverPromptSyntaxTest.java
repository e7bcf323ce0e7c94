package dev.latentq.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.PromptSyntaxName;
import dev.latentq.worker.config.WorkerConfig.JobDefaults;
import dev.latentq.worker.config.WorkerConfig.JobLimits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The job's promptSyntax (or the configured default) reaches the request; over-long A1111 prompts fail at intake. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobResolverPromptSyntaxTest {
  private static final String LONG = "a majestic castle on a rocky hill, golden hour light, dramatic clouds, highly"
      + " detailed, intricate stone walls, a winding river in the valley, pine forest, soft mist, oil painting, by a"
      + " renaissance master, warm colors, a flock of birds, tall banners waving in the wind, wooden bridge,"
      + " cobblestone road, small village with red roofs, smoke from chimneys, snowy mountains in the distance";

  private DiffusionModel model;

  @BeforeAll
  void loadModel() {
    model = DiffusionModel.load(Path.of("../fixtures/tiny-sd15"), RuntimeOptions.cpu());
  }

  @AfterAll
  void closeModel() throws Exception {
    model.close();
  }

  private JobResolver resolver(PromptSyntax defaultSyntax, int maxChunks) {
    return new JobResolver(Map.of("sd15", model.profile()), new JobLimits(150, 8, 2048, 2048L * 2048L, maxChunks,
        4096L * 4096),
        new JobDefaults(0.8, Duration.ofSeconds(1), defaultSyntax), "images", "out/", Clock.systemUTC(),
        LoraCatalog.none());
  }

  @Test
  void jobWithoutPromptSyntaxGetsTheConfiguredDefault() throws JobRejection {
    Job job = Job.builder("j1", "sd15", "(red) fox").build();

    assertThat(resolver(PromptSyntax.PLAIN, 8).resolve(job, 0).request().promptSyntax()).isEqualTo(PromptSyntax.PLAIN);
    assertThat(resolver(PromptSyntax.A1111, 8).resolve(job, 0).request().promptSyntax()).isEqualTo(PromptSyntax.A1111);
  }

  @Test
  void jobsPromptSyntaxWinsOverTheDefault() throws JobRejection {
    Job job = Job.builder("j2", "sd15", "(red) fox").promptSyntax(PromptSyntaxName.PLAIN).build();

    assertThat(resolver(PromptSyntax.A1111, 8).resolve(job, 0).request().promptSyntax()).isEqualTo(PromptSyntax.PLAIN);
  }

  @Test
  void a1111PromptOverTheChunkLimitFailsAsUnsupportedNamingTheLimit() {
    Job job = Job.builder("j3", "sd15", LONG).promptSyntax(PromptSyntaxName.A1111).build();

    JobRejection rejection = catchThrowableOfType(JobRejection.class, () -> resolver(PromptSyntax.PLAIN, 1)
        .resolve(job, 0));

    assertThat(rejection.code()).isEqualTo(FailureCode.UNSUPPORTED_REQUEST);
    assertThat(rejection.getMessage()).contains("2 chunks").contains("limit of 1").contains("limits.maxPromptChunks");
  }

  @Test
  void longNegativePromptCountsTooWhenGuidanceRuns() throws JobRejection {
    Job guided = Job.builder("j4", "sd15", "fox").negativePrompt(LONG).guidanceScale(7.0)
        .promptSyntax(PromptSyntaxName.A1111).build();
    Job unguided = guided.toBuilder().guidanceScale(1.0).build();

    assertThat(catchThrowableOfType(JobRejection.class, () -> resolver(PromptSyntax.PLAIN, 1).resolve(guided, 0)))
        .isNotNull();
    assertThat(resolver(PromptSyntax.PLAIN, 1).resolve(unguided, 0).request().negativePrompt()).isEqualTo(LONG);
  }

  @Test
  void plainLongPromptIsOneTruncatedChunkAndPassesAnyLimit() throws JobRejection {
    Job job = Job.builder("j5", "sd15", LONG).build();

    assertThat(resolver(PromptSyntax.PLAIN, 1).resolve(job, 0).request().prompt()).isEqualTo(LONG);
  }

  @Test
  void invalidA1111WeightFailsAsUnsupportedWithTheFix() {
    Job job = Job.builder("j6", "sd15", "a (fox:1.2.3)").promptSyntax(PromptSyntaxName.A1111).build();

    JobRejection rejection = catchThrowableOfType(JobRejection.class, () -> resolver(PromptSyntax.PLAIN, 8)
        .resolve(job, 0));

    assertThat(rejection.code()).isEqualTo(FailureCode.UNSUPPORTED_REQUEST);
    assertThat(rejection.getMessage()).contains("(text:1.2)");
  }
}
