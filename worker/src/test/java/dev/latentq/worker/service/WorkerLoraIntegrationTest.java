package dev.latentq.worker.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.engine.scheduler.SchedulerKind;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.client.JobOutcome;
import dev.latentq.protocol.client.LatentQClient;
import dev.latentq.protocol.event.GeneratedImage;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.LoraRef;
import dev.latentq.protocol.job.SchedulerName;
import dev.latentq.worker.storage.S3ImageStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs with different LoRA sets and without LoRA, mixed on one topic, through a worker against a real broker and S3
 * server: each stored PNG equals what {@code generate --lora} writes for the same parameters, one variant is built
 * per distinct set, and LoRA names the worker lacks or limits it does not allow fail at intake without retry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WorkerLoraIntegrationTest {
  private static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(2);
  private static final String MODEL = "tiny-sd15-optimum";
  private static final Path FOLDER = Path.of("../fixtures/tiny-sd15-optimum");
  private static final Path LORAS = FOLDER.resolve("loras");

  @TempDir
  static Path dir;

  private WorkerRig rig;
  private WorkerService worker;
  private LatentQClient client;
  private S3ImageStore store;
  private ReferenceImages references;

  @BeforeAll
  void startClusterAndWorker() {
    rig = WorkerRig.start(dir.resolve("cluster"), 2, "lora-worker",
        Map.of("LATENTQ_MODELS", MODEL + "=" + FOLDER.toAbsolutePath(),
            "LATENTQ_LORAS_FOLDER", LORAS.toAbsolutePath().toString(),
            "LATENTQ_LORAS_MAX_SCALE", "1.5"));
    worker = rig.worker;
    client = rig.client;
    store = rig.store;
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
  void mixedLoraSetsEachGetTheImagesGenerateWrites() throws Exception {
    List<List<LoraRef>> sets = List.of(
        List.of(new LoraRef("a", 0.7)),
        List.of(),
        List.of(new LoraRef("a.safetensors", 0.7)),
        List.of(new LoraRef("b", 0.6), new LoraRef("a", 0.7)),
        List.of(new LoraRef("c", null)),
        List.of(new LoraRef("a", 0.7), new LoraRef("b", 0.6)));
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < sets.size(); i++) {
      Job.Builder job = Job.builder("lora-" + i, MODEL, "a watercolor fox number " + i).size(64, 64).steps(4)
          .guidanceScale(7.5).scheduler(SchedulerName.fromWireName(i % 2 == 0 ? "euler_a" : "dpmpp_2m"))
          .seed(100L + i);
      if (!sets.get(i).isEmpty()) {
        job.loras(sets.get(i));
      }
      jobs.add(job.build());
    }
    List<CompletableFuture<JobOutcome>> outcomes = jobs.stream()
        .map(j -> client.submitAndAwait(j, OUTCOME_TIMEOUT)).toList();
    CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);

    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      JobOutcome outcome = outcomes.get(i).join();
      assertThat(outcome).as(job.id()).isInstanceOf(JobOutcome.Succeeded.class);
      GeneratedImage image = ((JobOutcome.Succeeded) outcome).data().images().get(0);
      byte[] expected = references.pngs(MODEL, FOLDER, request(job)).get(0);
      assertThat(store.get(image.bucket(), image.key()).await())
          .as("%s (LoRAs %s) equals what generate writes", job.id(), job.loras()).isEqualTo(expected);
    }
    DiffusionModel model = worker.engine().pool().loaded(MODEL);
    assertThat(model.loraVariants()).as("{a@0.7}, {a@0.7, b@0.6}, {c@1.0}: one variant each").isEqualTo(3);
  }

  @Test
  void loraNamesTheWorkerLacksOrLimitsItDoesNotAllowFailAtIntake() throws Exception {
    JobOutcome unknown = client.submitAndAwait(Job.builder("lora-unknown", MODEL, "x").size(64, 64).steps(2)
        .loras(List.of(new LoraRef("not-there", 1.0))).build(), OUTCOME_TIMEOUT).get(2, TimeUnit.MINUTES);
    JobOutcome tooStrong = client.submitAndAwait(Job.builder("lora-strong", MODEL, "x").size(64, 64).steps(2)
        .loras(List.of(new LoraRef("a", 1.6))).build(), OUTCOME_TIMEOUT).get(2, TimeUnit.MINUTES);

    assertThat(unknown).isInstanceOfSatisfying(JobOutcome.Failed.class, f -> {
      assertThat(f.data().code()).isEqualTo(FailureCode.UNKNOWN_LORA.wireName());
      assertThat(f.data().retryable()).isFalse();
      assertThat(f.data().message()).contains("not-there").contains("[a, b, c]");
    });
    assertThat(tooStrong).isInstanceOfSatisfying(JobOutcome.Failed.class, f -> {
      assertThat(f.data().code()).isEqualTo(FailureCode.UNSUPPORTED_REQUEST.wireName());
      assertThat(f.data().retryable()).isFalse();
    });
  }

  /** The request generate runs for a job: the job's values, its LoRA names as files of the LoRA folder. */
  private static GenerationRequest request(Job job) {
    GenerationRequest.Builder request = GenerationRequest.builder(job.prompt()).seed(job.seed()).steps(job.steps())
        .guidanceScale(job.guidanceScale()).scheduler(SchedulerKind.fromName(job.scheduler().wireName()))
        .size(job.width(), job.height());
    if (job.loras() != null) {
      for (LoraRef ref : job.loras()) {
        String file = ref.name().endsWith(".safetensors") ? ref.name() : ref.name() + ".safetensors";
        request.lora(LORAS.resolve(file), ref.scaleOrDefault());
      }
    }
    return request.build();
  }
}
