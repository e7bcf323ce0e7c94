package dev.latentq.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.latentq.devstack.WorkerProcess;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.Topics;
import dev.latentq.protocol.client.JobOutcome;
import dev.latentq.protocol.client.LatentQClient;
import dev.latentq.protocol.event.EventCodec;
import dev.latentq.protocol.event.EventType;
import dev.latentq.protocol.event.GeneratedImage;
import dev.latentq.protocol.event.JobEvent;
import dev.latentq.protocol.job.DeadLetterHeaders;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.JobCodec;
import dev.latentq.protocol.job.PromptSyntaxName;
import dev.latentq.protocol.job.ObjectRef;
import dev.latentq.protocol.job.SchedulerName;
import dev.latentq.engine.image.InitImageReader;
import dev.latentq.engine.image.MaskImage;
import dev.latentq.engine.image.RgbImage;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.scheduler.SchedulerKind;
import dev.latentq.worker.storage.S3ImageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker end to end against a real Kafka broker (KRaft) and a real S3 server, both started as child processes
 * by the devstack module: mixed jobs on two models, bad records, cancellation, deadlines, a worker killed
 * mid-batch, and two workers sharing a group.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WorkerServiceIntegrationTest {
  private static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(2);
  private static final Topics TOPICS = Topics.DEFAULTS;
  private static final String INPUT_BUCKET = "latentq-inputs";

  @TempDir
  static Path dir;

  private WorkerRig rig;
  private TestCluster cluster;
  private LatentQClient client;
  private S3ImageStore store;
  private ReferenceImages references;

  @BeforeAll
  void startClusterAndWorker() {
    // Jobs read init images and masks only from granted buckets (storage.inputBuckets).
    rig = WorkerRig.start(dir.resolve("cluster"), 4, "it-worker",
        Map.of("LATENTQ_STORAGE_INPUT_BUCKETS", INPUT_BUCKET));
    cluster = rig.cluster;
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
  void mixedJobsOnTwoModelsEachSucceedOnceWithTheImagesGenerateWrites() throws Exception {
    List<Job> jobs = new ArrayList<>();
    String[] schedulers = {"ddim", "euler", "euler_a", "dpmpp_2m", "pndm", "dpmpp_2m_karras"};
    for (int i = 0; i < 12; i++) {
      boolean xl = i % 3 == 2;
      int side = i % 2 == 0 ? 64 : 128;
      Job.Builder job = Job.builder("mix-" + i, xl ? "tiny-sdxl" : "tiny-sd15", "a lighthouse number " + i)
          .size(side, side)
          .steps(3 + i % 4)
          .guidanceScale(i % 4 == 0 ? 0.0 : i % 4 == 1 ? 1.0 : 4.5)
          .scheduler(SchedulerName.fromWireName(schedulers[i % schedulers.length]))
          .numImages(1 + i % 2);
      if (i % 2 == 0) {
        job.seed(1000L + i);
      }
      jobs.add(job.build());
    }
    // A1111 prompts: longer conditioning rows (2 and 3 chunks) joining the same lanes as the plain jobs.
    jobs.add(Job.builder("mix-a1111-long", "tiny-sd15", "a lighthouse on a cliff, " + "stormy (sea:1.2), ".repeat(30))
        .promptSyntax(PromptSyntaxName.A1111).size(64, 64).steps(4).guidanceScale(4.5)
        .scheduler(SchedulerName.DDIM).numImages(1).seed(2000L).build());
    jobs.add(Job.builder("mix-a1111-break", "tiny-sdxl", "a lighthouse BREAK [fog] BREAK (night:1.3)")
        .negativePrompt("blurry").promptSyntax(PromptSyntaxName.A1111).size(64, 64).steps(3).guidanceScale(4.5)
        .scheduler(SchedulerName.EULER).numImages(1).build());
    List<CompletableFuture<JobOutcome>> outcomes = jobs.stream()
        .map(j -> client.submitAndAwait(j, OUTCOME_TIMEOUT)).toList();
    CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);

    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      JobOutcome outcome = outcomes.get(i).join();
      assertThat(outcome).as(job.id()).isInstanceOf(JobOutcome.Succeeded.class);
      List<GeneratedImage> images = ((JobOutcome.Succeeded) outcome).data().images();
      assertThat(images).hasSize(job.numImages());
      List<byte[]> expected = references.pngs(job.model(), job.model().equals("tiny-sdxl")
          ? TestCluster.SDXL : TestCluster.SD15, request(job, images.get(0).seed()));
      for (GeneratedImage image : images) {
        assertThat(image.key()).isEqualTo("images/" + job.id() + "/" + image.index() + ".png");
        byte[] stored = store.get(image.bucket(), image.key()).await();
        assertThat(stored).as("%s image %d equals what generate writes", job.id(), image.index())
            .isEqualTo(expected.get(image.index()));
        assertThat(image.bytes()).isEqualTo(stored.length);
      }
    }
    Map<String, List<JobEvent>> events = eventsByJob(jobs.stream().map(Job::id).collect(Collectors.toSet()));
    for (Job job : jobs) {
      List<EventType> types = events.get(job.id()).stream().map(JobEvent::type).toList();
      assertThat(types).as(job.id()).startsWith(EventType.ACCEPTED, EventType.STARTED).endsWith(EventType.SUCCEEDED)
          .contains(EventType.PROGRESS).doesNotContain(EventType.FAILED, EventType.CANCELED);
      assertThat(types.stream().filter(t -> t == EventType.SUCCEEDED)).hasSize(1);
    }
  }

  @Test
  void img2imgInpaintingAndWeightedLongPromptJobsBatchWithTextToImageAndEqualGenerate() throws Exception {
    String bucket = INPUT_BUCKET; // granted for reading; output buckets are not readable by jobs
    store.ensureBucket(bucket).await();
    Path inputs = TestCluster.SD15.resolve("inputs");
    store.put(bucket, "inputs/init-a.png", Files.readAllBytes(inputs.resolve("init-a-128x128.png")), "image/png",
        Map.of()).await();
    store.put(bucket, "inputs/mask-rect.png", Files.readAllBytes(inputs.resolve("mask-rect-128x128.png")),
        "image/png", Map.of()).await();
    ObjectRef init = new ObjectRef(bucket, "inputs/init-a.png");
    ObjectRef mask = new ObjectRef(bucket, "inputs/mask-rect.png");
    Job inpaint = Job.builder("inpaint-1", "tiny-sd15", "a red brick fireplace").size(128, 128).steps(4)
        .guidanceScale(7.5).scheduler(SchedulerName.DDIM).seed(42L).numImages(1).initImage(init).mask(mask)
        .build();
    Job img2img = Job.builder("img2img-1", "tiny-sd15", "a stained glass window").size(128, 128).steps(5)
        .guidanceScale(5.0).scheduler(SchedulerName.EULER_A).seed(7L).numImages(1).initImage(init).strength(0.6)
        .build();
    Job text = Job.builder("text-1", "tiny-sd15", "a lighthouse").size(128, 128).steps(4).guidanceScale(4.5)
        .scheduler(SchedulerName.DPMPP_2M).seed(3L).numImages(1).build();
    // Three 75-token chunks with A1111 emphasis: longer conditioning rows in the same lane.
    Job weighted = Job.builder("weighted-1", "tiny-sd15", "a (red:1.3) brick fireplace, " + "cozy [dim] light, "
        .repeat(25)).promptSyntax(PromptSyntaxName.A1111).size(128, 128).steps(4).guidanceScale(7.5)
        .scheduler(SchedulerName.DDIM).seed(11L).numImages(1).build();
    Job missingMask = Job.builder("inpaint-missing-mask", "tiny-sd15", "a fox").size(128, 128).steps(2)
        .initImage(init).mask(new ObjectRef(bucket, "inputs/absent.png")).build();
    List<Job> jobs = List.of(inpaint, img2img, text, weighted, missingMask);

    List<CompletableFuture<JobOutcome>> outcomes = jobs.stream()
        .map(j -> client.submitAndAwait(j, OUTCOME_TIMEOUT)).toList();
    CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);

    RgbImage initImage = InitImageReader.read(inputs.resolve("init-a-128x128.png"));
    MaskImage maskImage = InitImageReader.readMask(inputs.resolve("mask-rect-128x128.png"));
    Map<Job, GenerationRequest> references = Map.of(
        inpaint, request(inpaint, 42L).toBuilder().initImage(initImage, 1.0).mask(maskImage).build(),
        img2img, request(img2img, 7L).toBuilder().initImage(initImage, 0.6).build(),
        text, request(text, 3L),
        weighted, request(weighted, 11L));
    for (int i = 0; i < 4; i++) {
      Job job = jobs.get(i);
      JobOutcome outcome = outcomes.get(i).join();
      assertThat(outcome).as(job.id()).isInstanceOf(JobOutcome.Succeeded.class);
      GeneratedImage image = ((JobOutcome.Succeeded) outcome).data().images().get(0);
      assertThat(store.get(image.bucket(), image.key()).await()).as("%s equals what generate writes", job.id())
          .isEqualTo(this.references.pngs(job.model(), TestCluster.SD15, references.get(job)).get(0));
    }
    JobOutcome unreadable = outcomes.get(4).join();
    assertThat(unreadable).isInstanceOf(JobOutcome.Failed.class);
    JobOutcome.Failed failed = (JobOutcome.Failed) unreadable;
    assertThat(failed.data().code()).isEqualTo(FailureCode.INIT_IMAGE_UNAVAILABLE.wireName());
    assertThat(failed.data().retryable()).isFalse();
    assertThat(failed.data().message()).contains("mask", "inputs/absent.png", "was not found or is not readable");
  }

  @Test
  void badRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheWorkerKeepsRunning() throws Exception {
    Map<String, byte[]> poison = new LinkedHashMap<>();
    poison.put("poison-json", "{ not json".getBytes(StandardCharsets.UTF_8));
    poison.put("poison-array", "[1, 2, 3]".getBytes(StandardCharsets.UTF_8));
    poison.put("bad-width", job("bad-width", "tiny-sd15").replace("\"width\":64", "\"width\":100").getBytes(
        StandardCharsets.UTF_8));
    poison.put("bad-model", job("bad-model", "no-such-model").getBytes(StandardCharsets.UTF_8));
    poison.put("bad-steps", job("bad-steps", "tiny-sd15").replace("\"steps\":3", "\"steps\":500").getBytes(
        StandardCharsets.UTF_8));
    List<CompletableFuture<JobOutcome>> failures = new ArrayList<>();
    for (String id : List.of("bad-width", "bad-model", "bad-steps")) {
      failures.add(client.awaitOutcome(id, OUTCOME_TIMEOUT));
    }
    for (Map.Entry<String, byte[]> record : poison.entrySet()) {
      cluster.produceRaw(TOPICS.jobs(), record.getKey(), record.getValue());
    }
    JobOutcome good = client.submitAndAwait(Job.builder("after-poison", "tiny-sd15", "still alive").size(64, 64)
        .steps(2).build(), OUTCOME_TIMEOUT).get(2, TimeUnit.MINUTES);
    assertThat(good).isInstanceOf(JobOutcome.Succeeded.class);

    Map<String, String> codes = new HashMap<>();
    for (CompletableFuture<JobOutcome> f : failures) {
      JobOutcome.Failed failed = (JobOutcome.Failed) f.get(1, TimeUnit.MINUTES);
      codes.put(failed.jobId(), failed.data().code());
      assertThat(failed.data().retryable()).isFalse();
    }
    assertThat(codes).containsEntry("bad-width", FailureCode.INVALID_JOB.wireName())
        .containsEntry("bad-model", FailureCode.UNKNOWN_MODEL.wireName())
        .containsEntry("bad-steps", FailureCode.UNSUPPORTED_REQUEST.wireName());

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Map<String, ConsumerRecord<String, byte[]>> dead = cluster.readAll(TOPICS.deadLetter()).stream()
          .collect(Collectors.toMap(ConsumerRecord::key, r -> r, (a, b) -> a));
      assertThat(dead.keySet()).containsAll(poison.keySet());
      for (Map.Entry<String, byte[]> record : poison.entrySet()) {
        ConsumerRecord<String, byte[]> d = dead.get(record.getKey());
        assertThat(d.value()).isEqualTo(record.getValue());
        assertThat(header(d, DeadLetterHeaders.REASON)).isNotBlank();
        assertThat(header(d, DeadLetterHeaders.CODE)).isNotBlank();
        assertThat(header(d, DeadLetterHeaders.TOPIC)).isEqualTo(TOPICS.jobs());
        assertThat(header(d, DeadLetterHeaders.PARTITION)).matches("\\d+");
        assertThat(header(d, DeadLetterHeaders.OFFSET)).matches("\\d+");
      }
      assertThat(header(dead.get("poison-json"), DeadLetterHeaders.CODE)).isEqualTo("invalid_json");
    });
  }

  @Test
  void canceledJobsStopAtAStepBoundaryAndCancelsMayOvertakeTheirJob() throws Exception {
    CompletableFuture<JobOutcome> long1 = client.submitAndAwait(Job.builder("cancel-me", "tiny-sd15", "a long job")
        .size(128, 128).steps(150).build(), OUTCOME_TIMEOUT);
    awaitEvent("cancel-me", EventType.STARTED);
    client.cancel("cancel-me").get(30, TimeUnit.SECONDS);
    assertThat(long1.get(1, TimeUnit.MINUTES)).isInstanceOf(JobOutcome.Canceled.class);

    // A job produced before its cancel but delivered after it (e.g. behind a backlog): the cancel is remembered
    // for it. Long enough that, delivered first, it is still held when the cancel arrives.
    long cancelTime = System.currentTimeMillis();
    client.cancel("cancel-early").get(30, TimeUnit.SECONDS);
    CompletableFuture<JobOutcome> early = client.awaitOutcome("cancel-early", OUTCOME_TIMEOUT);
    cluster.produceRaw(TOPICS.jobs(), null, cancelTime - 60_000, "cancel-early", new JobCodec().encode(
        Job.builder("cancel-early", "tiny-sd15", "never runs").size(256, 256).steps(150).build()));
    assertThat(early.get(1, TimeUnit.MINUTES)).isInstanceOf(JobOutcome.Canceled.class);
  }

  @Test
  void jobsPastTheirDeadlineFailWithoutRunning() throws Exception {
    JobOutcome late = client.submitAndAwait(Job.builder("too-late", "tiny-sd15", "late").size(64, 64).steps(2)
        .deadline(Instant.now().minusSeconds(5)).build(), OUTCOME_TIMEOUT).get(1, TimeUnit.MINUTES);
    assertThat(late).isInstanceOf(JobOutcome.Failed.class);
    assertThat(((JobOutcome.Failed) late).data().code()).isEqualTo(FailureCode.DEADLINE_EXCEEDED.wireName());

    // Fill the 256x256 group (8 rows = 4 guided images) so the next job of that size has to wait in the queue.
    CompletableFuture<JobOutcome> blocker = client.submitAndAwait(Job.builder("deadline-blocker", "tiny-sd15",
        "busy").size(256, 256).steps(150).numImages(4).build(), OUTCOME_TIMEOUT);
    awaitEvent("deadline-blocker", EventType.STARTED);
    JobOutcome queued = client.submitAndAwait(Job.builder("deadline-queued", "tiny-sd15", "waits").size(256, 256)
        .steps(2).deadline(Instant.now().plusSeconds(2)).build(), OUTCOME_TIMEOUT).get(1, TimeUnit.MINUTES);
    assertThat(queued).isInstanceOf(JobOutcome.Failed.class);
    assertThat(((JobOutcome.Failed) queued).data().code()).isEqualTo(FailureCode.DEADLINE_EXCEEDED.wireName());
    assertThat(eventsByJob(Set.of("deadline-queued")).get("deadline-queued")).extracting(JobEvent::type)
        .doesNotContain(EventType.STARTED);
    client.cancel("deadline-blocker").get(30, TimeUnit.SECONDS);
    assertThat(blocker.get(1, TimeUnit.MINUTES)).isInstanceOf(JobOutcome.Canceled.class);
  }

  @Test
  void jobsOfAWorkerKilledMidBatchAreRedoneByAnotherWorkerOfTheGroup() throws Exception {
    TestCluster.Group group = cluster.group("crash", 4);
    Map<String, String> env = group.env();
    List<Job> jobs = new ArrayList<>();
    try (WorkerProcess doomed = WorkerProcess.start(new WorkerProcess.Launch("doomed",
        WorkerProcess.fromClasspath(System.getProperty("java.class.path")), cluster.workerEnv("doomed", env), dir,
        "1g")).awaitRunning(Duration.ofMinutes(1));
        LatentQClient crashClient = cluster.client(group.topics())) {
      List<CompletableFuture<JobOutcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Job job = Job.builder("crash-" + i, "tiny-sd15", "survives a crash " + i).size(128, 128).steps(40).build();
        jobs.add(job);
        outcomes.add(crashClient.submitAndAwait(job, Duration.ofMinutes(3)));
      }
      awaitEvent("crash-0", EventType.STARTED);
      doomed.kill();
      WorkerService survivor = WorkerService.start(cluster.workerConfig("survivor", env));
      try {
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
        Set<String> finishers = new TreeSet<>();
        for (CompletableFuture<JobOutcome> outcome : outcomes) {
          assertThat(outcome.join()).isInstanceOf(JobOutcome.Succeeded.class);
          finishers.add(((JobOutcome.Succeeded) outcome.join()).data().workerId());
        }
        assertThat(finishers).contains("survivor");
      } finally {
        survivor.shutdown();
      }
    }
  }

  @Test
  void twoWorkersInOneGroupSharePartitionsAndTheJobs() throws Exception {
    TestCluster.Group group = cluster.group("shared", 4);
    Map<String, String> env = group.env();
    WorkerService first = WorkerService.start(cluster.workerConfig("first", env));
    WorkerService second = WorkerService.start(cluster.workerConfig("second", env));
    try (LatentQClient sharedClient = cluster.client(group.topics())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> first.assignedPartitions() > 0
          && second.assignedPartitions() > 0 && first.assignedPartitions() + second.assignedPartitions() == 4);
      List<CompletableFuture<JobOutcome>> outcomes = new ArrayList<>();
      for (String id : idsCoveringPartitions("shared-", 4, 2)) {
        outcomes.add(sharedClient.submitAndAwait(Job.builder(id, "tiny-sd15", "shared " + id).size(64, 64).steps(3)
            .build(), OUTCOME_TIMEOUT));
      }
      CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
      Set<String> workers = outcomes.stream().map(o -> ((JobOutcome.Succeeded) o.join()).data().workerId())
          .collect(Collectors.toSet());
      assertThat(workers).containsExactlyInAnyOrder("first", "second");
    } finally {
      first.shutdown();
      second.shutdown();
    }
  }

  private static GenerationRequest request(Job job, long seed) {
    return GenerationRequest.builder(job.prompt()).negativePrompt(job.negativePrompt()).seed(seed)
        .steps(job.steps()).guidanceScale(job.guidanceScale())
        .scheduler(SchedulerKind.fromName(job.scheduler().wireName()))
        .size(job.width(), job.height()).images(job.numImages())
        .promptSyntax(job.promptSyntax() == null ? PromptSyntax.PLAIN
            : PromptSyntax.fromName(job.promptSyntax().wireName()))
        .build();
  }

  private static String job(String id, String model) {
    return new String(new JobCodec().encode(Job.builder(id, model, "p").size(64, 64).steps(3).build()),
        StandardCharsets.UTF_8).replace(" ", "");
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Job ids whose record keys land on every partition, {@code perPartition} each (Kafka's default partitioner). */
  private static List<String> idsCoveringPartitions(String prefix, int partitions, int perPartition) {
    Map<Integer, List<String>> byPartition = new HashMap<>();
    for (int n = 0; byPartition.values().stream().mapToInt(List::size).sum() < partitions * perPartition; n++) {
      String id = prefix + n;
      int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions;
      List<String> ids = byPartition.computeIfAbsent(p, k -> new ArrayList<>());
      if (ids.size() < perPartition) {
        ids.add(id);
      }
    }
    return byPartition.values().stream().flatMap(List::stream).toList();
  }

  private void awaitEvent(String jobId, EventType type) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
        eventsByJob(Set.of(jobId)).getOrDefault(jobId, List.of()).stream().anyMatch(e -> e.type() == type));
  }

  /** Every event of the given jobs in the events topic, decoded (which fails on a malformed one), in order. */
  private Map<String, List<JobEvent>> eventsByJob(Set<String> jobIds) throws Exception {
    EventCodec codec = new EventCodec();
    Map<String, List<JobEvent>> events = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : cluster.readAll(TOPICS.events())) {
      if (jobIds.contains(record.key())) {
        JobEvent event = codec.decode(record);
        assertThat(event.jobId()).isEqualTo(record.key());
        assertThat(header(record, "ce_id")).isEqualTo(event.eventId());
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "content-type")).startsWith("application/json");
        events.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(event);
      }
    }
    return events;
  }
}
