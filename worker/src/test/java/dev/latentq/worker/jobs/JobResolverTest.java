package dev.latentq.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.engine.batching.EngineJob;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.engine.scheduler.SchedulerKind;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.engine.simulation.SimulatedModel;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.ObjectRef;
import dev.latentq.protocol.job.OutputLocation;
import dev.latentq.protocol.job.SchedulerName;
import dev.latentq.worker.config.JobDefaults;
import dev.latentq.worker.config.JobLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class JobResolverTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final DiffusionModel MODEL = SimulatedModel.create("sim", CostModel.nearlyFree());

  private final JobResolver resolver = new JobResolver(Map.of("sim", MODEL), new JobLimits(60, 4, 1024, 768 * 768, 8),
      new JobDefaults(0.8, Duration.ofSeconds(1), PromptSyntax.PLAIN), "images", "out/", Clock.fixed(NOW, ZoneOffset.UTC),
      LoraCatalog.none());

  @AfterAll
  static void close() throws Exception {
    MODEL.close();
  }

  @Test
  void fillsEveryDefaultFromTheModelAndTheConfiguration() throws JobRejection {
    ResolvedJob resolved = resolver.resolve(Job.builder("job-1", "sim", "a red circle").build(), 42);

    GenerationRequest request = resolved.request();
    assertThat(request.width()).isEqualTo(512);
    assertThat(request.height()).isEqualTo(512);
    assertThat(request.scheduler()).isEqualTo(SchedulerKind.DDIM);
    assertThat(request.steps()).isEqualTo(50);
    assertThat(request.guidanceScale()).isEqualTo(7.5);
    assertThat(request.numImages()).isEqualTo(1);
    assertThat(request.seed()).isEqualTo(JobResolver.seedFor("job-1"));
    assertThat(resolved.bucket()).isEqualTo("images");
    assertThat(resolved.key(0)).isEqualTo("out/job-1/0.png");
    assertThat(resolved.acceptedNanos()).isEqualTo(42);
  }

  @Test
  void keepsWhatTheJobSays() throws JobRejection {
    Job job = Job.builder("job-2", "sim", "a blue square").negativePrompt("blurry").size(256, 128).steps(20)
        .guidanceScale(3.0).scheduler(SchedulerName.fromWireName("euler")).seed(7L).numImages(2)
        .output(new OutputLocation("mine", "x/")).priority(9).deadline(NOW.plusSeconds(60)).build();

    ResolvedJob resolved = resolver.resolve(job, 0);

    GenerationRequest request = resolved.request();
    assertThat(request.negativePrompt()).isEqualTo("blurry");
    assertThat(request.width()).isEqualTo(256);
    assertThat(request.height()).isEqualTo(128);
    assertThat(request.scheduler()).isEqualTo(SchedulerKind.EULER);
    assertThat(request.steps()).isEqualTo(20);
    assertThat(request.guidanceScale()).isEqualTo(3.0);
    assertThat(request.seed()).isEqualTo(7L);
    assertThat(resolved.bucket()).isEqualTo("mine");
    assertThat(resolved.key(1)).isEqualTo("x/job-2/1.png");
    EngineJob engineJob = resolved.engineJob(null, null);
    assertThat(engineJob.priority()).isEqualTo(9);
    assertThat(engineJob.deadline()).isEqualTo(NOW.plusSeconds(60));
  }

  @Test
  void anOutputWithoutKeyPrefixUsesTheConfiguredOne() throws JobRejection {
    Job job = Job.builder("job-3", "sim", "p").output(new OutputLocation("mine", null)).build();

    assertThat(resolver.resolve(job, 0).key(0)).isEqualTo("out/job-3/0.png");
  }

  @Test
  void theDerivedSeedIsTheSameOnRedeliveryAndDiffersBetweenJobs() {
    assertThat(JobResolver.seedFor("job-1")).isEqualTo(JobResolver.seedFor("job-1"))
        .isNotEqualTo(JobResolver.seedFor("job-2")).isBetween(0L, GenerationRequest.MAX_SEED);
  }

  @Test
  void anImageToImageJobGetsTheDefaultStrength() throws JobRejection {
    Job job = Job.builder("job-4", "sim", "p").initImage(new ObjectRef("inputs", "cat.png")).build();

    ResolvedJob resolved = resolver.resolve(job, 0);

    assertThat(resolved.strength()).isEqualTo(0.8);
    assertThat(resolved.initImage()).isEqualTo(new ObjectRef("inputs", "cat.png"));
  }

  @Test
  void rejectsAModelThisWorkerDoesNotServeNamingTheOnesItDoes() {
    assertRejected(Job.builder("j", "sdxl", "p").build(), FailureCode.UNKNOWN_MODEL, "[sim]", true);
  }

  @Test
  void rejectsAJobWhoseDeadlineHasPassedWithoutDeadLettering() {
    assertRejected(Job.builder("j", "sim", "p").deadline(NOW).build(), FailureCode.DEADLINE_EXCEEDED,
        "later deadline", false);
  }

  @Test
  void rejectsJobsBeyondTheWorkersLimits() {
    assertRejected(Job.builder("j", "sim", "p").size(1032, 64).build(), FailureCode.UNSUPPORTED_REQUEST,
        "side <= 1024", true);
    assertRejected(Job.builder("j", "sim", "p").size(1024, 1024).build(), FailureCode.UNSUPPORTED_REQUEST,
        "pixels <= 589824", true);
    assertRejected(Job.builder("j", "sim", "p").steps(61).build(), FailureCode.UNSUPPORTED_REQUEST,
        "limit of 60", true);
    assertRejected(Job.builder("j", "sim", "p").numImages(5).build(), FailureCode.UNSUPPORTED_REQUEST,
        "split the job", true);
  }

  @Test
  void rejectsARequestTheModelCannotRun() {
    assertRejected(Job.builder("j", "sim", "p").size(100, 64).build(), FailureCode.UNSUPPORTED_REQUEST,
        "multiple of 8", true);
  }

  @Test
  void rejectsOutputKeysLongerThanS3Allows() {
    Job job = Job.builder("j", "sim", "p").output(new OutputLocation("b", "k".repeat(1020))).build();

    assertRejected(job, FailureCode.UNSUPPORTED_REQUEST, "1024 bytes", true);
  }

  private void assertRejected(Job job, FailureCode code, String messagePart, boolean deadLetter) {
    assertThatThrownBy(() -> resolver.resolve(job, 0)).isInstanceOfSatisfying(JobRejection.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.getMessage()).contains(messagePart);
      assertThat(e.deadLetter()).isEqualTo(deadLetter);
    });
  }
}
