package dev.latentq.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.engine.batching.EngineJob;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.scheduler.SchedulerKind;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.engine.simulation.SimulatedModel;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.ObjectRef;
import dev.latentq.protocol.job.OutputLocation;
import dev.latentq.protocol.job.SchedulerName;
import dev.latentq.worker.config.WorkerConfig.JobDefaults;
import dev.latentq.worker.config.WorkerConfig.JobLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class JobResolverTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final DiffusionModel MODEL = SimulatedModel.create("sim", CostModel.nearlyFree());

  private final JobResolver resolver = new JobResolver(Map.of("sim", MODEL.profile()),
      new JobLimits(60, 4, 1024, 768 * 768, 8, 4096L * 4096),
      new JobDefaults(0.8, Duration.ofSeconds(1), PromptSyntax.PLAIN),
      "images", "out/", Set.of("mine", "b"), Set.of("inputs"), Clock.fixed(NOW, ZoneOffset.UTC), LoraCatalog.none());
  /** Grants output to shared-out and reading from uploads. */
  private final JobResolver granting = new JobResolver(Map.of("sim", MODEL.profile()), new JobLimits(150, 8, 2048,
      2048L * 2048L, 8, 4096L * 4096),
      new JobDefaults(0.8, Duration.ofSeconds(1), PromptSyntax.PLAIN), "images", "out/", Set.of("shared-out"),
      Set.of("uploads"), Clock.systemUTC(), LoraCatalog.none());

  @AfterAll
  static void close() throws Exception {
    MODEL.close();
  }

  private static Job.Builder job(String id) {
    return Job.builder(id, "sim", "a fox").size(512, 512).steps(2);
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
        "multiples of 8", true);
  }

  @Test
  void rejectsOutputKeysLongerThanS3Allows() {
    Job job = Job.builder("j", "sim", "p").output(new OutputLocation("b", "k".repeat(1020))).build();

    assertRejected(job, FailureCode.UNSUPPORTED_REQUEST, "1024 bytes", true);
  }

  @Test
  void jobsWriteToTheDefaultBucketOrAGrantedOne() throws JobRejection {
    assertThat(granting.resolve(job("a").build(), 0).bucket()).isEqualTo("images");
    assertThat(granting.resolve(job("b").output(new OutputLocation("shared-out", "x/")).build(), 0).bucket())
        .isEqualTo("shared-out");
    assertThat(granting.resolve(job("c").output(new OutputLocation("images", null)).build(), 0).bucket())
        .isEqualTo("images");
  }

  @Test
  void anOutputBucketThatIsNotGrantedFailsAsForbiddenAndDeadLetters() {
    assertThatThrownBy(() -> granting.resolve(job("a").output(new OutputLocation("payroll", null)).build(), 0))
        .isInstanceOfSatisfying(JobRejection.class, e -> {
          assertThat(e.code()).isEqualTo(FailureCode.FORBIDDEN_BUCKET);
          assertThat(e.code().retryable()).isFalse();
          assertThat(e.deadLetter()).isTrue();
          assertThat(e.getMessage()).contains("output.bucket 'payroll' is not granted")
              .contains("storage.outputBuckets");
        });
  }

  @Test
  void initImagesAreReadOnlyFromGrantedInputBuckets() throws JobRejection {
    assertThat(granting.resolve(job("a").initImage(new ObjectRef("uploads", "me/cat.png")).build(), 0).initImage())
        .isEqualTo(new ObjectRef("uploads", "me/cat.png"));
    // Output buckets are not readable: a job must not read back what other jobs wrote.
    for (String bucket : new String[] {"images", "shared-out", "secrets"}) {
      assertThatThrownBy(() -> granting.resolve(job("b").initImage(new ObjectRef(bucket, "k.png")).build(), 0))
          .isInstanceOfSatisfying(JobRejection.class, e -> {
            assertThat(e.code()).isEqualTo(FailureCode.FORBIDDEN_BUCKET);
            assertThat(e.getMessage()).contains("initImage.bucket '" + bucket + "' is not granted for reading");
          });
    }
  }

  @Test
  void masksAreReadOnlyFromGrantedInputBucketsLikeInitImages() {
    Job.Builder inpaint = job("m").initImage(new ObjectRef("uploads", "a.png"));
    assertThatThrownBy(() -> granting.resolve(inpaint.mask(new ObjectRef("images", "m.png")).build(), 0))
        .isInstanceOfSatisfying(JobRejection.class, e -> {
          assertThat(e.code()).isEqualTo(FailureCode.FORBIDDEN_BUCKET);
          assertThat(e.deadLetter()).isTrue();
          assertThat(e.getMessage()).contains("mask.bucket 'images' is not granted for reading");
        });
  }

  @Test
  void byDefaultNoBucketIsReadableSoImg2ImgNeedsAGrant() {
    JobResolver defaults = new JobResolver(Map.of("sim", MODEL.profile()), new JobLimits(150, 8, 2048, 2048L * 2048L, 8,
        4096L * 4096), new JobDefaults(0.8, Duration.ofSeconds(1), PromptSyntax.PLAIN),
        "images", "out/", Clock.systemUTC(), LoraCatalog.none());

    assertThatThrownBy(() -> defaults.resolve(job("a").initImage(new ObjectRef("images", "k.png")).build(), 0))
        .isInstanceOfSatisfying(JobRejection.class, e -> assertThat(e.getMessage())
            .contains("reads init images and masks from no bucket (storage.inputBuckets is empty)"));
    assertThatThrownBy(() -> defaults.resolve(job("b").output(new OutputLocation("uploads", null)).build(), 0))
        .isInstanceOfSatisfying(JobRejection.class,
            e -> assertThat(e.code()).isEqualTo(FailureCode.FORBIDDEN_BUCKET));
  }

  @Test
  void outputKeysWithASegmentOver255BytesAreRejectedAtIntake() {
    // The prefix's last segment and the id share one key segment: 200 + 100 bytes.
    Job job = job("i".repeat(100)).output(new OutputLocation("images", "p".repeat(200))).build();

    assertThatThrownBy(() -> granting.resolve(job, 0)).isInstanceOfSatisfying(JobRejection.class, e -> {
      assertThat(e.code()).isEqualTo(FailureCode.UNSUPPORTED_REQUEST);
      assertThat(e.getMessage()).contains("300 bytes long").contains("allow 255");
    });
  }

  private void assertRejected(Job job, FailureCode code, String messagePart, boolean deadLetter) {
    assertThatThrownBy(() -> resolver.resolve(job, 0)).isInstanceOfSatisfying(JobRejection.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.getMessage()).contains(messagePart);
      assertThat(e.deadLetter()).isEqualTo(deadLetter);
    });
  }
}
