package dev.latentq.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.engine.simulation.SimulatedModel;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.JobCodec;
import dev.latentq.worker.config.WorkerConfig.JobDefaults;
import dev.latentq.worker.config.WorkerConfig.JobLimits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class JobAdmissionTest {
  private static final DiffusionModel MODEL = SimulatedModel.create("sim", CostModel.nearlyFree());

  private final JobAdmission admission = new JobAdmission(new JobResolver(Map.of("sim", MODEL.profile()),
      new JobLimits(60, 4, 1024, 1024 * 1024, 8, 4096L * 4096),
      new JobDefaults(0.8, Duration.ofSeconds(1), PromptSyntax.PLAIN),
      "images", "", Clock.systemUTC(), LoraCatalog.none()), FailurePolicy.DEFAULT);
  private final JobCodec codec = new JobCodec();

  @AfterAll
  static void close() throws Exception {
    MODEL.close();
  }

  @Test
  void aValidJobRuns() {
    Admission admitted = admission.admit("a", codec.encode(Job.builder("a", "sim", "p").build()), null, id -> null,
        7);

    assertThat(admitted).isInstanceOfSatisfying(Admission.Run.class, run -> {
      assertThat(run.job().job().id()).isEqualTo("a");
      assertThat(run.job().acceptedNanos()).isEqualTo(7);
    });
  }

  @Test
  void aJobAlreadyInFlightIsADuplicateBeforeItIsResolvedAgain() {
    Job job = Job.builder("a", "nope", "p").build();
    Admission admitted = admission.admit("a", codec.encode(job), null, id -> new Admission.Held(job, "unused"), 0);

    assertThat(admitted).isEqualTo(new Admission.Duplicate("a"));
  }

  @Test
  void brokenJsonIsDeadLetteredWithoutAJobId() {
    Admission admitted = admission.admit("k", "{nope".getBytes(StandardCharsets.UTF_8), null, id -> null, 0);

    assertThat(admitted).isInstanceOfSatisfying(Admission.Reject.class, reject -> {
      assertThat(reject.code()).isEqualTo(FailureCode.INVALID_JSON);
      assertThat(reject.strategy()).isEqualTo(FailurePolicy.Strategy.DEAD_LETTER);
      assertThat(reject.jobId()).isEmpty();
    });
  }

  @Test
  void anUnknownModelIsDeadLetteredAndNamesTheJob() {
    Admission admitted = admission.admit("b", codec.encode(Job.builder("b", "nope", "p").build()), null, id -> null,
        0);

    assertThat(admitted).isInstanceOfSatisfying(Admission.Reject.class, reject -> {
      assertThat(reject.code()).isEqualTo(FailureCode.UNKNOWN_MODEL);
      assertThat(reject.strategy()).isEqualTo(FailurePolicy.Strategy.DEAD_LETTER);
      assertThat(reject.jobId()).contains("b");
      assertThat(reject.model()).isEqualTo("nope");
    });
  }

  @Test
  void aRecordKeyedOtherThanItsJobIdIsDeadLetteredWithoutAFailedEvent() {
    for (String key : new String[] {"other", null}) {
      Admission admitted = admission.admit(key, codec.encode(Job.builder("a", "sim", "p").build()), null,
          id -> null, 0);

      assertThat(admitted).isInstanceOfSatisfying(Admission.Reject.class, reject -> {
        assertThat(reject.code()).isEqualTo(FailureCode.INVALID_JOB);
        assertThat(reject.strategy()).isEqualTo(FailurePolicy.Strategy.DEAD_LETTER);
        assertThat(reject.jobId()).as("the body's id cannot speak for that job").isEmpty();
        assertThat(reject.message()).contains("is not the job id 'a'");
      });
    }
  }

  @Test
  void anUndecodableRecordNamesItsIdOnlyWhenTheKeyConfirmsIt() {
    byte[] invalid = "{\"id\": \"c\", \"model\": \"sim\"}".getBytes(StandardCharsets.UTF_8);

    Admission confirmed = admission.admit("c", invalid, null, id -> null, 0);
    Admission unconfirmed = admission.admit("x", invalid, null, id -> null, 0);

    assertThat(confirmed).isInstanceOfSatisfying(Admission.Reject.class,
        reject -> assertThat(reject.jobId()).contains("c"));
    assertThat(unconfirmed).isInstanceOfSatisfying(Admission.Reject.class,
        reject -> assertThat(reject.jobId()).isEmpty());
  }

  @Test
  void theSameJobUnderAnInFlightIdSharesItsOutcomeAndAnotherJobFailsWithIdConflict() {
    Job running = Job.builder("d", "sim", "p").seed(1L).build();
    String fingerprint = ((Admission.Run) admission.admit("d", codec.encode(running), null, id -> null, 0)).job()
        .fingerprint();
    Admission.Held held = new Admission.Held(running, fingerprint);

    // same parameters, other metadata-only fields: the same job
    Admission same = admission.admit("d", codec.encode(Job.builder("d", "sim", "p").seed(1L).priority(5).build()),
        null, id -> held, 0);
    Admission other = admission.admit("d", codec.encode(Job.builder("d", "sim", "q").seed(1L).build()), null,
        id -> held, 0);

    assertThat(same).isEqualTo(new Admission.Duplicate("d"));
    assertThat(other).isInstanceOfSatisfying(Admission.Reject.class, reject -> {
      assertThat(reject.code()).isEqualTo(FailureCode.ID_CONFLICT);
      assertThat(reject.code().retryable()).isFalse();
      assertThat(reject.strategy()).isEqualTo(FailurePolicy.Strategy.PUBLISH_OUTCOME);
      assertThat(reject.jobId()).contains("d");
    });
  }

  @Test
  void theRecordTimeReachesTheEngineJobSoCancelsApplyOnlyToEarlierJobs() {
    Instant produced = Instant.parse("2026-12-03T10:00:00Z");

    Admission admitted = admission.admit("e", codec.encode(Job.builder("e", "sim", "p").build()), produced,
        id -> null, 0);

    assertThat(admitted).isInstanceOfSatisfying(Admission.Run.class,
        run -> assertThat(run.job().engineJob(null, null).producedAt()).isEqualTo(produced));
  }
}
