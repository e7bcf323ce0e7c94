package dev.latentq.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.ObjectRef;
import dev.latentq.worker.config.WorkerConfig.JobDefaults;
import dev.latentq.worker.config.WorkerConfig.JobLimits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Intake of img2img and inpainting jobs: the mask travels with the job, and models refuse what they cannot run. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobResolverInpaintingTest {
  private static final ObjectRef INIT = new ObjectRef("inputs", "room.png");
  private static final ObjectRef MASK = new ObjectRef("inputs", "room-mask.png");

  private DiffusionModel sd15;
  private DiffusionModel inpaintModel;
  private JobResolver resolver;

  @BeforeAll
  void load() {
    sd15 = DiffusionModel.load(Path.of("../fixtures/tiny-sd15"), RuntimeOptions.cpu());
    inpaintModel = DiffusionModel.load(Path.of("../fixtures/tiny-sd15-inpaint"), RuntimeOptions.cpu());
    resolver = new JobResolver(Map.of("sd15", sd15.profile(), "sd15-inpaint", inpaintModel.profile()),
        new JobLimits(100, 4, 1024, 1024 * 1024, 8, 4096L * 4096),
        new JobDefaults(0.8, Duration.ofSeconds(1), PromptSyntax.PLAIN), "out", "images/", Set.of("out"),
        Set.of("inputs"), Clock.systemUTC(), LoraCatalog.none());
  }

  @AfterAll
  void close() throws Exception {
    sd15.close();
    inpaintModel.close();
  }

  @Test
  void anInpaintingJobKeepsItsMaskAndDefaultsToStrengthOne() throws JobRejection {
    for (String model : new String[] {"sd15", "sd15-inpaint"}) {
      ResolvedJob resolved = resolver.resolve(Job.builder("j", model, "a fireplace").size(128, 128).steps(4)
          .initImage(INIT).mask(MASK).build(), 0);

      assertThat(resolved.mask()).as(model).isEqualTo(MASK);
      assertThat(resolved.initImage()).isEqualTo(INIT);
      assertThat(resolved.strength()).as("diffusers' inpainting default").isEqualTo(1.0);
    }
  }

  @Test
  void img2imgWithoutMaskKeepsTheConfiguredStrength() throws JobRejection {
    ResolvedJob resolved = resolver.resolve(Job.builder("j", "sd15", "a fox").size(128, 128).steps(4)
        .initImage(INIT).build(), 0);

    assertThat(resolved.mask()).isNull();
    assertThat(resolved.strength()).isEqualTo(0.8);
  }

  @Test
  void anInpaintingModelRejectsJobsWithoutMaskAtIntake() {
    for (Job job : new Job[] {Job.builder("t2i", "sd15-inpaint", "a fox").size(128, 128).steps(4).build(),
        Job.builder("i2i", "sd15-inpaint", "a fox").size(128, 128).steps(4).initImage(INIT).build()}) {
      assertThatThrownBy(() -> resolver.resolve(job, 0)).isInstanceOf(JobRejection.class)
          .hasMessageContaining("is an inpainting model").hasMessageContaining("needs an init image and a mask")
          .satisfies(e -> assertThat(((JobRejection) e).code()).isEqualTo(FailureCode.UNSUPPORTED_REQUEST));
    }
  }
}
