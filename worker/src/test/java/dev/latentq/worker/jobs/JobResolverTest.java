package dev.latentq.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.engine.simulation.SimulatedModel;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.ObjectRef;
import dev.latentq.protocol.job.OutputLocation;
import dev.latentq.worker.config.JobDefaults;
import dev.latentq.worker.config.JobLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobResolverTest {
  private DiffusionModel model;
  private JobResolver resolver;

  @BeforeAll
  void createModel() {
    model = SimulatedModel.create("sim", CostModel.load("h100-sd15-graph"));
    resolver = new JobResolver(Map.of("sim", model), new JobLimits(150, 8, 2048, 2048L * 2048L),
        new JobDefaults(0.8, Duration.ofSeconds(1)), "images", "out/", Set.of("shared-out"), Set.of("uploads"),
        Clock.systemUTC());
  }

  @AfterAll
  void closeModel() throws Exception {
    model.close();
  }

  private static Job.Builder job(String id) {
    return Job.builder(id, "sim", "a fox").size(512, 512).steps(2);
  }

  @Test
  void jobsWriteToTheDefaultBucketOrAGrantedOne() throws JobRejection {
    assertThat(resolver.resolve(job("a").build(), 0).bucket()).isEqualTo("images");
    assertThat(resolver.resolve(job("b").output(new OutputLocation("shared-out", "x/")).build(), 0).bucket())
        .isEqualTo("shared-out");
    assertThat(resolver.resolve(job("c").output(new OutputLocation("images", null)).build(), 0).bucket())
        .isEqualTo("images");
  }

  @Test
  void anOutputBucketThatIsNotGrantedFailsAsForbiddenAndDeadLetters() {
    assertThatThrownBy(() -> resolver.resolve(job("a").output(new OutputLocation("payroll", null)).build(), 0))
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
    assertThat(resolver.resolve(job("a").initImage(new ObjectRef("uploads", "me/cat.png")).build(), 0).initImage())
        .isEqualTo(new ObjectRef("uploads", "me/cat.png"));
    // Output buckets are not readable: a job must not read back what other jobs wrote.
    for (String bucket : new String[] {"images", "shared-out", "secrets"}) {
      assertThatThrownBy(() -> resolver.resolve(job("b").initImage(new ObjectRef(bucket, "k.png")).build(), 0))
          .isInstanceOfSatisfying(JobRejection.class, e -> {
            assertThat(e.code()).isEqualTo(FailureCode.FORBIDDEN_BUCKET);
            assertThat(e.getMessage()).contains("initImage.bucket '" + bucket + "' is not granted for reading");
          });
    }
  }

  @Test
  void byDefaultNoBucketIsReadableSoImg2ImgNeedsAGrant() {
    JobResolver defaults = new JobResolver(Map.of("sim", model), new JobLimits(150, 8, 2048, 2048L * 2048L),
        new JobDefaults(0.8, Duration.ofSeconds(1)), "images", "out/", Clock.systemUTC());

    assertThatThrownBy(() -> defaults.resolve(job("a").initImage(new ObjectRef("images", "k.png")).build(), 0))
        .isInstanceOfSatisfying(JobRejection.class, e -> assertThat(e.getMessage())
            .contains("reads init images from no bucket (storage.inputBuckets is empty)"));
    assertThatThrownBy(() -> defaults.resolve(job("b").output(new OutputLocation("uploads", null)).build(), 0))
        .isInstanceOfSatisfying(JobRejection.class,
            e -> assertThat(e.code()).isEqualTo(FailureCode.FORBIDDEN_BUCKET));
  }

  @Test
  void outputKeysWithASegmentOver255BytesAreRejectedAtIntake() {
    // The prefix's last segment and the id share one key segment: 200 + 100 bytes.
    Job job = job("i".repeat(100)).output(new OutputLocation("images", "p".repeat(200))).build();

    assertThatThrownBy(() -> resolver.resolve(job, 0)).isInstanceOfSatisfying(JobRejection.class, e -> {
      assertThat(e.code()).isEqualTo(FailureCode.UNSUPPORTED_REQUEST);
      assertThat(e.getMessage()).contains("300 bytes long").contains("allow 255");
    });
  }
}
