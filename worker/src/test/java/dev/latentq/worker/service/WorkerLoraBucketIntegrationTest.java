package dev.latentq.worker.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.engine.scheduler.SchedulerKind;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.client.JobOutcome;
import dev.latentq.protocol.event.GeneratedImage;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.LoraRef;
import dev.latentq.protocol.job.SchedulerName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose LoRAs live only in an S3 bucket (the devstack's S3 server): a job naming one gets the PNG
 * {@code generate --lora} writes with the same file read locally, the file lands in the download cache, and a name
 * the bucket lacks fails with {@code unknown_lora} and a corrupt one with {@code unsupported_request}, neither
 * retryable.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WorkerLoraBucketIntegrationTest {
  private static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(2);
  private static final String MODEL = "tiny-sd15-optimum";
  private static final Path FOLDER = Path.of("../fixtures/tiny-sd15-optimum");
  private static final Path LOCAL_LORA = FOLDER.resolve("loras/a.safetensors");
  private static final String BUCKET = "team-loras";
  private static final String PREFIX = "sd15/";

  @TempDir
  static Path dir;

  private WorkerRig rig;
  private ReferenceImages references;

  @BeforeAll
  void startClusterAndWorker() throws Exception {
    rig = WorkerRig.start(dir.resolve("cluster"), 1, "lora-bucket-worker",
        Map.of("LATENTQ_MODELS", MODEL + "=" + FOLDER.toAbsolutePath(),
            "LATENTQ_LORAS_BUCKET", BUCKET,
            "LATENTQ_LORAS_PREFIX", PREFIX,
            "LATENTQ_LORAS_CACHE_FOLDER", dir.resolve("lora-cache").toString(),
            "LATENTQ_LORAS_CACHE_SIZE", "1MiB",
            "LATENTQ_LORAS_KEPT_VARIANTS", "2"));
    rig.store.ensureBucket(BUCKET).await();
    rig.store.put(BUCKET, PREFIX + "watercolor.safetensors", Files.readAllBytes(LOCAL_LORA),
        "application/octet-stream", Map.of()).await();
    rig.store.put(BUCKET, PREFIX + "broken.safetensors", "not a safetensors file".getBytes(),
        "application/octet-stream", Map.of()).await();
    references = new ReferenceImages();
  }

  @AfterAll
  void stopEverything() throws Exception {
    if (references != null) {
      references.close();
    }
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void aLoraOnlyInTheBucketRendersWhatGenerateRendersWithTheLocalFile() throws Exception {
    Job job = Job.builder("bucket-lora", MODEL, "a watercolor fox").size(64, 64).steps(4).guidanceScale(7.5)
        .scheduler(SchedulerName.fromWireName("euler_a")).seed(7L)
        .loras(List.of(new LoraRef("watercolor", 0.7))).build();

    JobOutcome outcome = rig.client.submitAndAwait(job, OUTCOME_TIMEOUT).get(3, TimeUnit.MINUTES);

    assertThat(outcome).isInstanceOf(JobOutcome.Succeeded.class);
    GeneratedImage image = ((JobOutcome.Succeeded) outcome).data().images().get(0);
    // generate --lora with the same bytes under the same file name (the name is part of the PNG's parameters)
    Path local = Files.createDirectories(dir.resolve("local")).resolve("watercolor.safetensors");
    Files.copy(LOCAL_LORA, local);
    GenerationRequest request = GenerationRequest.builder(job.prompt()).seed(7L).steps(4).guidanceScale(7.5)
        .scheduler(SchedulerKind.EULER_ANCESTRAL).size(64, 64).lora(local, 0.7).build();
    byte[] expected = references.pngs(MODEL, FOLDER, request).get(0);
    assertThat(rig.store.get(image.bucket(), image.key()).await()).isEqualTo(expected);
    assertThat(dir.resolve("lora-cache/watercolor.safetensors")).hasSameBinaryContentAs(LOCAL_LORA);
  }

  @Test
  void eachModelKeepsTheConfiguredNumberOfLoraVariants() throws Exception {
    // The model loads on its first job; without a memory budget it stays loaded afterwards.
    Job plain = Job.builder("plain-first", MODEL, "a fox").size(64, 64).steps(1).seed(1L).build();
    assertThat(rig.client.submitAndAwait(plain, OUTCOME_TIMEOUT).get(3, TimeUnit.MINUTES))
        .isInstanceOf(JobOutcome.Succeeded.class);

    assertThat(rig.worker.engine().pool().loaded(MODEL).keptLoraVariants()).isEqualTo(2);
  }

  @Test
  void aNameTheBucketLacksFailsAsUnknownLoraWithoutRetry() throws Exception {
    JobOutcome.Failed unknown = failedJobNaming("not-there");

    assertThat(unknown.data().code()).isEqualTo(FailureCode.UNKNOWN_LORA.wireName());
    assertThat(unknown.data().message()).contains("not-there").contains("[broken, watercolor]");
  }

  @Test
  void aCorruptLoraInTheBucketFailsItsJobBeforeTheEngineWithoutRetry() throws Exception {
    JobOutcome.Failed corrupt = failedJobNaming("broken");

    assertThat(corrupt.data().code()).isEqualTo(FailureCode.UNSUPPORTED_REQUEST.wireName());
    assertThat(corrupt.data().message()).contains("broken.safetensors");
  }

  /** The outcome of a small job naming {@code lora}, which must be a failure nobody should retry. */
  private JobOutcome.Failed failedJobNaming(String lora) throws Exception {
    JobOutcome outcome = rig.client.submitAndAwait(Job.builder("bucket-lora-" + lora, MODEL, "x").size(64, 64)
        .steps(2).loras(List.of(new LoraRef(lora, 1.0))).build(), OUTCOME_TIMEOUT).get(3, TimeUnit.MINUTES);
    assertThat(outcome).isInstanceOf(JobOutcome.Failed.class);
    JobOutcome.Failed failed = (JobOutcome.Failed) outcome;
    assertThat(failed.data().retryable()).isFalse();
    return failed;
  }
}
