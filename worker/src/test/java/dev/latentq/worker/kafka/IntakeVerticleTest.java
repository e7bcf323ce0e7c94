package dev.latentq.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.latentq.engine.batching.BatchEngine;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.engine.simulation.SimulatedModel;
import dev.latentq.protocol.Topics;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.JobCodec;
import dev.latentq.worker.config.WorkerConfig.JobDefaults;
import dev.latentq.worker.config.WorkerConfig.JobLimits;
import dev.latentq.worker.config.WorkerConfig.KafkaSettings;
import dev.latentq.worker.events.DeadLetterPublisher;
import dev.latentq.worker.events.EventPublisher;
import dev.latentq.worker.events.ProgressThrottle;
import dev.latentq.worker.jobs.EngineEvents;
import dev.latentq.worker.jobs.JobPipeline;
import dev.latentq.worker.jobs.JobResolver;
import dev.latentq.worker.jobs.LoraCatalog;
import dev.latentq.worker.metrics.JobMetricsRecorder;
import dev.latentq.worker.metrics.WorkerMetrics;
import dev.latentq.worker.storage.MemoryImageStore;
import dev.latentq.worker.storage.PngWriter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The intake verticle on Kafka's MockConsumer and MockProducer, with the real resolver, pipeline and engine (a
 * simulated model with free calls) and a store that holds uploads until the test releases them: offsets,
 * revocation, duplicates and flow control without a broker.
 */
class IntakeVerticleTest {
  private static final String JOBS = Topics.DEFAULTS.jobs();
  private static final TopicPartition P0 = new TopicPartition(JOBS, 0);
  private static final TopicPartition P1 = new TopicPartition(JOBS, 1);

  private final Vertx vertx = Vertx.vertx();
  private final CountingMockConsumer consumer = new CountingMockConsumer();
  private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
      new ByteArraySerializer());
  private final MemoryImageStore store = MemoryImageStore.gated();
  private final JobCodec codec = new JobCodec();
  private BatchEngine engine;
  private PngWriter png;
  private IntakeVerticle intake;

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void commitsOnlyThePrefixOfFinishedJobsPerPartition() throws Exception {
    start(16, P0, P1);
    send(P0, 0, job("p0-a"));
    send(P0, 1, job("p0-b"));
    send(P1, 0, job("p1-a"));
    await().until(() -> store.reached("p0-a") && store.reached("p0-b") && store.reached("p1-a"));

    store.release("p0-b");
    await().until(() -> succeeded("p0-b"));
    store.release("p1-a");
    await().until(() -> committed(P1) == 1);

    assertThat(committed(P0)).as("p0-a at offset 0 still runs").isEqualTo(-1);
    store.release("p0-a");
    await().until(() -> committed(P0) == 2);
  }

  @Test
  void aRevokedPartitionsJobsAreNotCommittedHere() throws Exception {
    start(16, P0, P1);
    send(P0, 0, job("moving"));
    send(P1, 0, job("staying"));
    await().until(() -> store.reached("moving") && store.reached("staying"));

    consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
    await().until(() -> intake.assignedPartitions() == 1);
    store.release("moving");
    store.release("staying");

    await().until(() -> committed(P1) == 1);
    await().until(() -> intake.held() == 0);
    assertThat(committed(P0)).as("the partition's next owner redoes the job").isEqualTo(-1);
  }

  @Test
  void aJobIdDeliveredAgainWhileInFlightSharesTheFirstRunsOutcome() throws Exception {
    start(16, P0);
    send(P0, 0, job("twice"));
    await().until(() -> store.reached("twice"));
    send(P0, 1, job("twice"));
    await().until(() -> intake.held() == 2);

    store.release("twice");

    await().until(() -> committed(P0) == 2);
    assertThat(events("twice", "succeeded")).as("one terminal event for both records").isEqualTo(1);
    assertThat(store.uploads("twice")).as("the images are stored once").isEqualTo(1);
  }

  @Test
  void pausesThePartitionsWhenFullAndResumesAtHalfWhileStillPolling() throws Exception {
    int limit = 2;
    // Jobs waiting for their uploads count only beyond their own budget (IntakeBudget): fill that budget first.
    int full = limit + IntakeBudget.STORING_SHARE * limit;
    start(limit, P0, P1);
    for (int i = 0; i < full; i++) {
      send(P0, i, job("a" + i));
    }
    await().until(() -> IntStream.range(0, full).allMatch(i -> store.reached("a" + i)));
    await().until(() -> consumer.paused().equals(Set.of(P0, P1)));

    long polls = consumer.polls();
    send(P1, 0, job("c"));
    await("the stream keeps polling, so the group keeps the worker").until(() -> consumer.polls() > polls + 5);
    assertThat(store.reached("c")).as("paused partitions deliver nothing").isFalse();

    store.release("a0");
    await("resumed at half the limit counted").until(() -> store.reached("c"));
    await("full again with c").until(() -> consumer.paused().equals(Set.of(P0, P1)));
    store.release("a1");
    await().until(() -> consumer.paused().isEmpty());
    for (int i = 2; i < full; i++) {
      store.release("a" + i);
    }
    store.release("c");
    await().until(() -> committed(P0) == full && committed(P1) == 1);
  }


  @Test
  void stopIntakeFromAnyThreadPausesEveryPartitionAndCommitsWhatFinished() throws Exception {
    start(16, P0, P1);
    send(P0, 0, job("done"));
    send(P0, 1, job("held"));
    store.release("done");
    await().until(() -> succeeded("done") && intake.held() == 1);

    intake.stopIntake().await(10, TimeUnit.SECONDS);

    assertThat(consumer.paused()).isEqualTo(Set.of(P0, P1));
    assertThat(committed(P0)).isEqualTo(1);
    Future<Void> idle = intake.whenIdle();
    store.release("held");
    idle.await(10, TimeUnit.SECONDS);
    assertThat(intake.held()).isZero();
  }

  @Test
  void publishesAcceptedStartedAndSucceededForARunningJob() throws Exception {
    start(16, P0);
    send(P0, 0, job("watched"));
    store.release("watched");

    await().until(() -> succeeded("watched"));
    assertThat(events("watched", "accepted")).isEqualTo(1);
    await("started, from the engine's listener").until(() -> events("watched", "started") == 1);
  }

  @Test
  void aRecordThatIsNotAJobIsDeadLetteredAndCommitted() throws Exception {
    start(16, P0);
    consumer.addRecord(new ConsumerRecord<>(JOBS, 0, 0, "broken", "{not json".getBytes(StandardCharsets.UTF_8)));

    await().until(() -> committed(P0) == 1);
    List<ProducerRecord<String, byte[]>> dead = producer.history().stream()
        .filter(r -> r.topic().equals(Topics.DEFAULTS.deadLetter())).toList();
    assertThat(dead).singleElement().satisfies(r -> {
      assertThat(r.key()).isEqualTo("broken");
      assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    });
  }

  @Test
  void aJobForAnUnknownModelFailsWithAnEventAndIsCommitted() throws Exception {
    start(16, P0);
    send(P0, 0, Job.builder("lost", "no-such-model", "a red circle").build());

    await().until(() -> committed(P0) == 1);
    assertThat(events("lost", "failed")).isEqualTo(1);
  }

  @Test
  void aFencedConsumerEndsConsumptionWithTheReasonAndItsFix() throws Exception {
    start(16, P0);
    long polls = consumer.polls();
    consumer.setPollException(new TimeoutException("slow broker"));
    await("polled past the transient error").until(() -> consumer.polls() > polls + 2);
    assertThat(intake.consumptionEnded()).as("a transient error is not fatal").isEmpty();

    consumer.setPollException(new FencedInstanceIdException("fenced by a newer member"));

    await().until(() -> intake.consumptionEnded().isPresent());
    assertThat(intake.consumptionEnded().get()).contains("same id 'w1'").contains("unique workerId");
  }

  private void start(int maxHeld, TopicPartition... partitions) throws Exception {
    DiffusionModel model = SimulatedModel.create("sim", CostModel.nearlyFree());
    png = new PngWriter(vertx, 1);
    KafkaSettings kafka = new KafkaSettings("localhost:9092", "workers", Topics.DEFAULTS, "consumer", Map.of(),
        Duration.ofMillis(20));
    KafkaProducer<String, byte[]> vertxProducer = KafkaProducer.create(vertx, producer);
    EventPublisher events = new EventPublisher(vertxProducer, Topics.DEFAULTS.events());
    DeadLetterPublisher deadLetters = new DeadLetterPublisher(vertxProducer, Topics.DEFAULTS.deadLetter());
    WorkerMetrics metrics = WorkerMetrics.create("w1", Set.of("sim"));
    EngineEvents engineEvents = new EngineEvents(vertx.getOrCreateContext(), events,
        new ProgressThrottle(Duration.ofSeconds(1), 100, System::nanoTime), new JobMetricsRecorder(metrics), "w1",
        Clock.systemUTC());
    engine = new BatchEngine(Map.of("sim", model), 4, engineEvents, Clock.systemUTC());
    engine.start();
    JobResolver resolver = new JobResolver(Map.of("sim", model.profile()), new JobLimits(50, 4, 1024, 1024 * 1024, 8,
        4096L * 4096),
        new JobDefaults(0.8, Duration.ofSeconds(1), PromptSyntax.PLAIN), "images", "jobs/", Clock.systemUTC(),
        LoraCatalog.none());
    intake = new IntakeVerticle(kafka, "w1", maxHeld, resolver, engine, deadLetters, metrics,
        context -> new JobPipeline(new JobPipeline.Parts(vertx, context, engine, store, png, events, engineEvents,
            new JobMetricsRecorder(metrics), "w1", "test", Clock.systemUTC(), 4096 * 4096)),
        v -> KafkaConsumer.create(v, consumer));
    vertx.deployVerticle(intake).await(30, TimeUnit.SECONDS);
    Map<TopicPartition, Long> beginning = new HashMap<>();
    for (TopicPartition p : partitions) {
      beginning.put(p, 0L);
    }
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(partitions));
      consumer.updateBeginningOffsets(beginning);
    });
    await().until(() -> intake.assignedPartitions() == partitions.length);
  }

  private static Job job(String id) {
    return Job.builder(id, "sim", "a red circle").size(64, 64).steps(2).seed(1L).build();
  }

  private void send(TopicPartition partition, long offset, Job job) {
    consumer.addRecord(new ConsumerRecord<>(JOBS, partition.partition(), offset, job.id(), codec.encode(job)));
  }

  private long committed(TopicPartition partition) {
    OffsetAndMetadata offset = consumer.committed(Set.of(partition)).get(partition);
    return offset == null ? -1 : offset.offset();
  }

  private boolean succeeded(String jobId) {
    return events(jobId, "succeeded") > 0;
  }

  private long events(String jobId, String type) {
    return producer.history().stream()
        .filter(r -> r.topic().equals(Topics.DEFAULTS.events()) && jobId.equals(r.key()))
        .filter(r -> type(r).equals("dev.latentq.job." + type)).count();
  }

  private static String type(ProducerRecord<String, byte[]> record) {
    Header header = record.headers().lastHeader("ce_type");
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }
}
