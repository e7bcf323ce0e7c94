package dev.latentq.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.latentq.devstack.WorkerProcess;
import dev.latentq.engine.image.PngEncoder;
import dev.latentq.engine.image.RgbImage;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.Topics;
import dev.latentq.protocol.client.JobOutcome;
import dev.latentq.protocol.client.LatentQClient;
import dev.latentq.protocol.control.ControlCodec;
import dev.latentq.protocol.control.ControlMessage;
import dev.latentq.protocol.event.EventCodec;
import dev.latentq.protocol.event.GeneratedImage;
import dev.latentq.protocol.event.JobEvent;
import dev.latentq.protocol.job.DeadLetterHeaders;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.JobCodec;
import dev.latentq.protocol.job.ObjectRef;
import dev.latentq.protocol.job.OutputLocation;
import dev.latentq.worker.storage.S3ImageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hardening findings of issue 9 against a real broker and S3 server: transactional producers, record keys
 * that are not the job id, stale cancels, id conflicts, ungranted buckets and sizes the U-Net cannot take.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HardeningIntegrationTest {
  private static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(2);
  private static final Topics TOPICS = Topics.DEFAULTS;
  private static final String GROUP = "latentq-workers";
  /** The one bucket init images may be read from: the default output bucket, granted for reading in this test. */
  private static final String INPUTS = "latentq-images";

  @TempDir
  static Path dir;

  private WorkerRig rig;
  private TestCluster cluster;
  private LatentQClient client;
  private S3ImageStore store;

  @BeforeAll
  void startClusterAndWorker() {
    rig = WorkerRig.start(dir.resolve("cluster"), 2, "hardened",
        Map.of("LATENTQ_STORAGE_INPUT_BUCKETS", INPUTS, "LATENTQ_LIMITS_MAX_INIT_IMAGE_PIXELS", "65536"));
    cluster = rig.cluster;
    client = rig.client;
    store = rig.store;
  }

  @AfterAll
  void stopEverything() throws Exception {
    if (rig != null) {
      rig.close();
    }
  }

  private static Job.Builder job(String id, String prompt) {
    return Job.builder(id, "tiny-sd15", prompt).size(64, 64).steps(2).seed(7L);
  }

  private static byte[] encode(Job job) {
    return new JobCodec().encode(job);
  }

  @Test
  void jobsOfAnAbortedTransactionNeverRunAndCommittedLagReturnsToZero() throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", cluster.bootstrap(), "transactional.id", "hardening-it"),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(TOPICS.jobs(), 0, "txn-aborted", encode(job("txn-aborted", "x").build())));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(TOPICS.jobs(), 0, "txn-committed",
          encode(job("txn-committed", "y").build())));
      producer.commitTransaction();
    }

    assertThat(client.awaitOutcome("txn-committed", OUTCOME_TIMEOUT).get(2, TimeUnit.MINUTES))
        .isInstanceOf(JobOutcome.Succeeded.class);
    assertThat(events("txn-aborted")).as("the aborted job never ran").isEmpty();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrap()))) {
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(lag(admin)).isZero());
    }
  }

  @Test
  void aRecordKeyedOtherwiseThanItsJobIdIsDeadLetteredWithoutAnEvent() throws Exception {
    cluster.produceRaw(TOPICS.jobs(), "someone-else", encode(job("key-mismatch", "p").build()));
    cluster.produceRaw(TOPICS.jobs(), null, encode(job("key-missing", "p").build()));
    // A later job of the same partitions still runs: the rejections did not stall intake.
    assertThat(client.submitAndAwait(job("after-mismatch", "p").build(), OUTCOME_TIMEOUT).get(2, TimeUnit.MINUTES))
        .isInstanceOf(JobOutcome.Succeeded.class);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Map<String, ConsumerRecord<String, byte[]>> dead = new java.util.HashMap<>();
      for (ConsumerRecord<String, byte[]> r : cluster.readAll(TOPICS.deadLetter())) {
        String body = new String(r.value(), StandardCharsets.UTF_8);
        if (body.contains("\"key-mismatch\"") || body.contains("\"key-missing\"")) {
          dead.put(body.contains("key-mismatch") ? "mismatch" : "missing", r);
        }
      }
      assertThat(dead).containsOnlyKeys("mismatch", "missing");
      assertThat(header(dead.get("mismatch"), DeadLetterHeaders.REASON))
          .contains("the record key 'someone-else' is not the job id 'key-mismatch'");
      assertThat(header(dead.get("missing"), DeadLetterHeaders.REASON))
          .contains("the record key (none) is not the job id 'key-missing'");
      assertThat(header(dead.get("mismatch"), DeadLetterHeaders.CODE)).isEqualTo("invalid_job");
    });
    assertThat(events("key-mismatch")).isEmpty();
    assertThat(events("key-missing")).isEmpty();
  }

  @Test
  void aCancelAppliesOnlyToAJobProducedBeforeIt() throws Exception {
    // A cancel for an id no job has: remembered, but a job produced after it is a new job and runs.
    client.cancel("stale-cancel").get(30, TimeUnit.SECONDS);
    awaitCancelSeen();
    assertThat(client.submitAndAwait(job("stale-cancel", "p").build(), OUTCOME_TIMEOUT).get(2, TimeUnit.MINUTES))
        .isInstanceOf(JobOutcome.Succeeded.class);

    // A job produced before its cancel but delivered after it (e.g. behind a backlog) is canceled.
    long cancelTime = System.currentTimeMillis();
    cluster.produceRaw(TOPICS.control(), null, cancelTime, "overtaken",
        new ControlCodec().encode(new ControlMessage.Cancel("overtaken")));
    awaitCancelSeen();
    var outcome = client.awaitOutcome("overtaken", OUTCOME_TIMEOUT);
    cluster.produceRaw(TOPICS.jobs(), null, cancelTime - 5_000, "overtaken", encode(job("overtaken", "p").build()));
    assertThat(outcome.get(2, TimeUnit.MINUTES)).isInstanceOf(JobOutcome.Canceled.class);
  }

  @Test
  void aDifferentJobUnderAUsedIdFailsAsAConflictAndNeverOverwritesTheImages() throws Exception {
    JobOutcome first = client.submitAndAwait(job("reused-id", "a red fox").build(), OUTCOME_TIMEOUT)
        .get(2, TimeUnit.MINUTES);
    GeneratedImage original = ((JobOutcome.Succeeded) first).data().images().get(0);

    JobOutcome other = client.submitAndAwait(job("reused-id", "a blue whale").build(), OUTCOME_TIMEOUT)
        .get(2, TimeUnit.MINUTES);
    assertThat(other).isInstanceOfSatisfying(JobOutcome.Failed.class, f -> {
      assertThat(f.data().code()).isEqualTo(FailureCode.ID_CONFLICT.wireName());
      assertThat(f.data().retryable()).isFalse();
    });
    assertThat(sha256(store.get(original.bucket(), original.key()).await())).isEqualTo(original.sha256());

    // The same job again is a harmless redelivery: the same images, the same content in its succeeded event.
    JobOutcome again = client.submitAndAwait(job("reused-id", "a red fox").build(), OUTCOME_TIMEOUT)
        .get(2, TimeUnit.MINUTES);
    assertThat(((JobOutcome.Succeeded) again).data().images().get(0).sha256()).isEqualTo(original.sha256());
    List<String> succeededHashes = events("reused-id").stream().filter(e -> e instanceof JobEvent.Succeeded)
        .map(e -> ((JobEvent.Succeeded) e).data().images().get(0).sha256()).distinct().toList();
    assertThat(succeededHashes).containsExactly(original.sha256());
  }

  @Test
  void twoDifferentJobsWithOneIdSentTogetherEachGetTheirOwnOutcome() throws Exception {
    cluster.produceRaw(TOPICS.jobs(), "twins", encode(job("twins", "a red fox").steps(20).build()));
    cluster.produceRaw(TOPICS.jobs(), "twins", encode(job("twins", "a blue whale").build()));

    await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
      List<String> terminal = events("twins").stream().map(e -> switch (e) {
        case JobEvent.Succeeded s -> "succeeded";
        case JobEvent.Failed f -> "failed:" + f.data().code();
        default -> null;
      }).filter(java.util.Objects::nonNull).toList();
      assertThat(terminal).containsExactlyInAnyOrder("succeeded", "failed:id_conflict");
    });
  }

  @Test
  void bucketsTheOperatorDidNotGrantFailAtIntakeAsForbidden() throws Exception {
    JobOutcome write = client.submitAndAwait(job("write-elsewhere", "p")
        .output(new OutputLocation("someone-elses-bucket", null)).build(), OUTCOME_TIMEOUT).get(2, TimeUnit.MINUTES);
    JobOutcome read = client.submitAndAwait(job("read-elsewhere", "p")
        .initImage(new ObjectRef("someone-elses-bucket", "private/photo.png")).build(), OUTCOME_TIMEOUT)
        .get(2, TimeUnit.MINUTES);

    for (JobOutcome outcome : List.of(write, read)) {
      assertThat(outcome).isInstanceOfSatisfying(JobOutcome.Failed.class, f -> {
        assertThat(f.data().code()).isEqualTo(FailureCode.FORBIDDEN_BUCKET.wireName());
        assertThat(f.data().retryable()).isFalse();
      });
    }
  }

  @Test
  void everyUnusableInitImageFailsWithTheSameMessageThatRevealsNothing() throws Exception {
    byte[] bomb;
    try (PngEncoder encoder = new PngEncoder()) {
      bomb = encoder.encode(new RgbImage(8, 8, new byte[8 * 8 * 3]));
    }
    // The header declares 20000x20000 pixels: refused before decoding, far over the test's limit of 65536.
    java.nio.ByteBuffer.wrap(bomb).putInt(16, 20_000).putInt(20, 20_000);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bomb, 12, 17);
    java.nio.ByteBuffer.wrap(bomb).putInt(29, (int) crc.getValue());
    store.put(INPUTS, "inputs/bomb.png", bomb, "image/png", Map.of()).await();
    store.put(INPUTS, "inputs/notes.txt", "not an image".getBytes(StandardCharsets.UTF_8), "text/plain", Map.of())
        .await();

    for (String key : List.of("inputs/absent.png", "inputs/bomb.png", "inputs/notes.txt")) {
      JobOutcome outcome = client.submitAndAwait(job("init-" + key.hashCode(), "p")
          .initImage(new ObjectRef(INPUTS, key)).build(), OUTCOME_TIMEOUT).get(2, TimeUnit.MINUTES);
      assertThat(outcome).as(key).isInstanceOfSatisfying(JobOutcome.Failed.class, f -> {
        assertThat(f.data().code()).isEqualTo(FailureCode.INIT_IMAGE_UNAVAILABLE.wireName());
        assertThat(f.data().retryable()).isFalse();
        assertThat(f.data().message()).isEqualTo("init image s3://" + INPUTS + "/" + key + " was not found or is"
            + " not readable: it must be a PNG or JPEG of at most 65536 pixels that this worker may read; upload one"
            + " there, or drop initImage");
      });
    }
  }

  @Test
  void aSizeTheUNetCannotTakeFailsAtIntakeAndTheRestOfTheBatchSucceeds() throws Exception {
    var odd = client.submitAndAwait(job("odd-width", "p").size(72, 64).build(), OUTCOME_TIMEOUT);
    var good = client.submitAndAwait(job("even-width", "p").build(), OUTCOME_TIMEOUT);

    assertThat(odd.get(2, TimeUnit.MINUTES)).isInstanceOfSatisfying(JobOutcome.Failed.class, f -> {
      assertThat(f.data().code()).isEqualTo(FailureCode.UNSUPPORTED_REQUEST.wireName());
      assertThat(f.data().message()).contains("multiples of 16");
    });
    assertThat(good.get(2, TimeUnit.MINUTES)).isInstanceOf(JobOutcome.Succeeded.class);
  }

  @Test
  void aWorkerIsAStaticGroupMemberThatLeavesTheGroupWhenItShutsDown() throws Exception {
    TestCluster.Group group = cluster.group("leave", 2);
    Map<String, String> env = group.env();
    WorkerService stayer = WorkerService.start(cluster.workerConfig("stayer", env));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrap()))) {
      WorkerService leaver = WorkerService.start(cluster.workerConfig("leaver", env));
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> leaver.assignedPartitions() > 0
            && stayer.assignedPartitions() > 0);
        assertThat(members(admin, group.id())).containsExactlyInAnyOrder("latentq-stayer", "latentq-leaver");
      } finally {
        leaver.shutdown();
      }
      // A static member that merely closed would stay in the group, holding its partitions, until its session
      // expired; the drained worker removed itself, so it is gone as soon as shutdown returns.
      assertThat(members(admin, group.id())).containsExactly("latentq-stayer");
      await().atMost(Duration.ofSeconds(60)).until(() -> stayer.assignedPartitions() == 2);
    } finally {
      stayer.shutdown();
    }
  }

  @Test
  void aWorkerRestartedUnderTheSameIdAfterACrashTakesItsPartitionsBack() throws Exception {
    TestCluster.Group group = cluster.group("phoenix", 2);
    Map<String, String> env = group.env();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrap()));
        WorkerProcess crashed = WorkerProcess.start(new WorkerProcess.Launch("phoenix",
            WorkerProcess.fromClasspath(System.getProperty("java.class.path")), cluster.workerEnv("phoenix", env),
            dir, "1g")).awaitRunning(Duration.ofMinutes(1))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> members(admin, group.id()).contains("latentq-phoenix"));
      crashed.kill();
    }
    // The crashed member still owns its instance id; with the consumer group protocol a new member with that id
    // is refused for good unless the worker first removes its previous incarnation.
    WorkerService restarted = WorkerService.start(cluster.workerConfig("phoenix", env));
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> restarted.assignedPartitions() == 2);
    } finally {
      restarted.shutdown();
    }
  }

  private static List<String> members(Admin admin, String group) throws Exception {
    return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().members().stream()
        .map(m -> m.groupInstanceId().orElse("(dynamic) " + m.consumerId())).toList();
  }

  /** Waits until the control consumer has surely read every cancel sent so far: a cancel's effect is async. */
  private void awaitCancelSeen() throws Exception {
    // A cancel for an unknown id has no visible effect; a probe cancel that catches its (long, earlier produced)
    // job proves the control consumer got this far, and it reads one partition in order.
    String probe = "probe-" + System.nanoTime();
    client.cancel(probe).get(30, TimeUnit.SECONDS);
    var outcome = client.awaitOutcome(probe, OUTCOME_TIMEOUT);
    cluster.produceRaw(TOPICS.jobs(), null, System.currentTimeMillis() - 60_000, probe,
        encode(job(probe, "p").size(256, 256).steps(150).build()));
    assertThat(outcome.get(2, TimeUnit.MINUTES)).isInstanceOf(JobOutcome.Canceled.class);
  }

  private long lag(Admin admin) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
        .partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
    for (int p = 0; p < 2; p++) {
      latest.put(new TopicPartition(TOPICS.jobs(), p), OffsetSpec.latest());
    }
    long lag = 0;
    for (var end : admin.listOffsets(latest).all().get().entrySet()) {
      OffsetAndMetadata done = committed.get(end.getKey());
      lag += end.getValue().offset() - (done == null ? 0 : done.offset());
    }
    return lag;
  }

  private List<JobEvent> events(String jobId) throws Exception {
    EventCodec codec = new EventCodec();
    List<JobEvent> events = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : cluster.readAll(TOPICS.events())) {
      if (jobId.equals(record.key())) {
        events.add(codec.decode(record));
      }
    }
    return events;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
