package dev.latentq.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.engine.simulation.SimulatedModel;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.JobCodec;
import dev.latentq.worker.config.JobDefaults;
import dev.latentq.worker.config.JobLimits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class JobAdmissionTest {
  private static final DiffusionModel MODEL = SimulatedModel.create("sim", CostModel.nearlyFree());

  private final JobAdmission admission = new JobAdmission(new JobResolver(Map.of("sim", MODEL),
      new JobLimits(60, 4, 1024, 1024 * 1024, 8), new JobDefaults(0.8, Duration.ofSeconds(1), PromptSyntax.PLAIN),
      "images", "", Clock.systemUTC(), LoraCatalog.none()), FailurePolicy.DEFAULT);
  private final JobCodec codec = new JobCodec();

  @AfterAll
  static void close() throws Exception {
    MODEL.close();
  }

  @Test
  void aValidJobRuns() {
    Admission admitted = admission.admit(codec.encode(Job.builder("a", "sim", "p").build()), id -> false, 7);

    assertThat(admitted).isInstanceOfSatisfying(Admission.Run.class, run -> {
      assertThat(run.job().job().id()).isEqualTo("a");
      assertThat(run.job().acceptedNanos()).isEqualTo(7);
    });
  }

  @Test
  void aJobAlreadyInFlightIsADuplicateBeforeItIsResolvedAgain() {
    Admission admitted = admission.admit(codec.encode(Job.builder("a", "nope", "p").build()), Set.of("a")::contains,
        0);

    assertThat(admitted).isEqualTo(new Admission.Duplicate("a"));
  }

  @Test
  void brokenJsonIsDeadLetteredWithoutAJobId() {
    Admission admitted = admission.admit("{nope".getBytes(StandardCharsets.UTF_8), id -> false, 0);

    assertThat(admitted).isInstanceOfSatisfying(Admission.Reject.class, reject -> {
      assertThat(reject.code()).isEqualTo(FailureCode.INVALID_JSON);
      assertThat(reject.strategy()).isEqualTo(FailurePolicy.Strategy.DEAD_LETTER);
      assertThat(reject.jobId()).isEmpty();
    });
  }

  @Test
  void anUnknownModelIsDeadLetteredAndNamesTheJob() {
    Admission admitted = admission.admit(codec.encode(Job.builder("b", "nope", "p").build()), id -> false, 0);

    assertThat(admitted).isInstanceOfSatisfying(Admission.Reject.class, reject -> {
      assertThat(reject.code()).isEqualTo(FailureCode.UNKNOWN_MODEL);
      assertThat(reject.strategy()).isEqualTo(FailurePolicy.Strategy.DEAD_LETTER);
      assertThat(reject.jobId()).contains("b");
      assertThat(reject.model()).isEqualTo("nope");
    });
  }
}
