package dev.latentq.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.latentq.protocol.Topics;
import dev.latentq.protocol.event.EventCodec;
import dev.latentq.protocol.event.JobEvent;
import dev.latentq.protocol.event.SampleEvents;
import dev.latentq.protocol.job.InvalidJobException;
import dev.latentq.protocol.job.Job;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LatentQClientTest {

  private static final String EVENTS = Topics.DEFAULTS.events();
  private static final TopicPartition P0 = new TopicPartition(EVENTS, 0);
  private static final TopicPartition P1 = new TopicPartition(EVENTS, 1);
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final EventCodec codec = new EventCodec();
  private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("latest");
  private MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
      new ByteArraySerializer());
  private LatentQClient client;

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void submitProducesTheJobKeyedByIdToTheJobsTopic() throws Exception {
    client = start(LatentQClient.builder());

    client.submit(Job.builder("job-1", "sd15", "fox").steps(20).build()).get(5, TimeUnit.SECONDS);

    assertThat(producer.history()).singleElement().satisfies(record -> {
      assertThat(record.topic()).isEqualTo("latentq.jobs");
      assertThat(record.key()).isEqualTo("job-1");
      assertThat(new String(record.value(), StandardCharsets.UTF_8))
          .isEqualTo("{\"id\":\"job-1\",\"model\":\"sd15\",\"prompt\":\"fox\",\"steps\":20}");
    });
  }

  @Test
  void submitRejectsAnInvalidJobWithoutProducingIt() {
    client = start(LatentQClient.builder());

    CompletableFuture<Void> sent = client.submit(Job.builder("job-1", "sd15", "fox").size(500, 512).build());

    assertThatThrownBy(() -> sent.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(InvalidJobException.class);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void submitFailsWhenKafkaRejectsTheRecord() {
    producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    client = start(LatentQClient.builder());

    CompletableFuture<Void> sent = client.submit(Job.builder("job-1", "sd15", "fox").build());
    producer.errorNext(new KafkaException("not authorized to write latentq.jobs"));

    assertThatThrownBy(() -> sent.get(5, TimeUnit.SECONDS)).hasMessageContaining("not authorized");
  }

  @Test
  void awaitOutcomeCompletesWithTheTerminalEventOfThatJob() throws Exception {
    client = start(LatentQClient.builder());
    CompletableFuture<JobOutcome> outcome = client.awaitOutcome("job-1");

    deliver(SampleEvents.progress("job-1", 5), 10);
    deliver(SampleEvents.failed("job-2"), 11);
    deliver(SampleEvents.succeeded("job-1"), 12);

    assertThat(outcome.get(5, TimeUnit.SECONDS))
        .isEqualTo(new JobOutcome.Succeeded(SampleEvents.succeeded("job-1").data()));
  }

  @Test
  void startsAtTheEndOffsetsSoEarlierEventsAreIgnored() {
    client = start(LatentQClient.builder());
    List<JobEvent> seen = new CopyOnWriteArrayList<>();
    client.addListener(seen::add);

    deliver(SampleEvents.accepted("old-job"), 9);
    deliver(SampleEvents.accepted("new-job"), 10);

    await().atMost(WAIT).until(() -> !seen.isEmpty());
    assertThat(seen).extracting(JobEvent::jobId).containsExactly("new-job");
  }

  @Test
  void readsEarlierEventsWhenAskedToStartFromTheBeginning() {
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    client = start(LatentQClient.builder().fromBeginning(true));
    List<JobEvent> seen = new CopyOnWriteArrayList<>();
    client.addListener(seen::add);

    deliver(SampleEvents.accepted("old-job"), 0);

    await().atMost(WAIT).until(() -> !seen.isEmpty());
    assertThat(seen).extracting(JobEvent::jobId).containsExactly("old-job");
  }

  @Test
  void awaitOutcomeReturnsAnOutcomeSeenJustBefore() throws Exception {
    client = start(LatentQClient.builder());
    List<JobEvent> seen = new CopyOnWriteArrayList<>();
    client.addListener(seen::add);
    deliver(SampleEvents.canceled("job-1"), 10);
    await().atMost(WAIT).until(() -> !seen.isEmpty());

    assertThat(client.awaitOutcome("job-1").get(5, TimeUnit.SECONDS))
        .isEqualTo(new JobOutcome.Canceled(SampleEvents.canceled("job-1").data()));
  }

  @Test
  void submitAndAwaitCatchesAnOutcomeThatArrivesBeforeTheSendCompletes() throws Exception {
    // A worker so fast that its failed event is read and dispatched while the job's send is still in flight.
    List<JobEvent> seen = new CopyOnWriteArrayList<>();
    producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
      @Override
      public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
        deliver(SampleEvents.failed(record.key()), 10);
        await().atMost(WAIT).until(() -> !seen.isEmpty());
        return super.send(record, callback);
      }
    };
    client = start(LatentQClient.builder().recentOutcomes(0));
    client.addListener(seen::add);

    JobOutcome outcome = client.submitAndAwait(Job.builder("job-1", "sd15", "fox").build()).get(5, TimeUnit.SECONDS);

    assertThat(outcome).isEqualTo(new JobOutcome.Failed(SampleEvents.failed("job-1").data()));
  }

  @Test
  void submitAndAwaitIgnoresTheOutcomeOfAnEarlierSubmission() throws Exception {
    client = start(LatentQClient.builder());
    deliver(SampleEvents.failed("job-1"), 10);
    await().atMost(WAIT).until(() -> client.awaitOutcome("job-1").isDone());

    CompletableFuture<JobOutcome> resubmitted = client.submitAndAwait(Job.builder("job-1", "sd15", "fox").build());
    assertThat(resubmitted).isNotDone();
    deliver(SampleEvents.succeeded("job-1"), 11);

    assertThat(resubmitted.get(5, TimeUnit.SECONDS)).isInstanceOf(JobOutcome.Succeeded.class);
  }

  @Test
  void submitAndAwaitFailsWhenTheSendFails() {
    producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    client = start(LatentQClient.builder());

    CompletableFuture<JobOutcome> outcome = client.submitAndAwait(Job.builder("job-1", "sd15", "fox").build());
    producer.errorNext(new KafkaException("broker down"));

    assertThatThrownBy(() -> outcome.get(5, TimeUnit.SECONDS)).hasMessageContaining("broker down");
    await().atMost(WAIT).until(() -> client.waiterCount() == 0);
  }

  @Test
  void awaitOutcomeTimesOutNamingTheJobAndForgetsTheWaiter() {
    client = start(LatentQClient.builder());

    CompletableFuture<JobOutcome> outcome = client.awaitOutcome("job-1", Duration.ofMillis(20));

    assertThatThrownBy(() -> outcome.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(TimeoutException.class).hasMessageStartingWith("no outcome for job 'job-1' within");
    await().atMost(WAIT).until(() -> client.waiterCount() == 0);
  }

  @Test
  void cancelProducesACancelControlMessageKeyedByJobId() throws Exception {
    client = start(LatentQClient.builder());

    client.cancel("job-1").get(5, TimeUnit.SECONDS);

    assertThat(producer.history()).singleElement().satisfies(record -> {
      assertThat(record.topic()).isEqualTo("latentq.control");
      assertThat(record.key()).isEqualTo("job-1");
      assertThat(new String(record.value(), StandardCharsets.UTF_8))
          .isEqualTo("{\"type\":\"cancel\",\"id\":\"job-1\"}");
    });
  }

  @Test
  void usesConfiguredTopicNames() throws Exception {
    Topics topics = new Topics("t.jobs", EVENTS, "t.control", "t.dlq");
    client = start(LatentQClient.builder().topics(topics));

    client.submit(Job.builder("job-1", "sd15", "fox").build()).get(5, TimeUnit.SECONDS);
    client.cancel("job-1").get(5, TimeUnit.SECONDS);

    assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly("t.jobs", "t.control");
  }

  @Test
  void listenersSeeEveryEventEvenWhenAnotherListenerThrows() {
    client = start(LatentQClient.builder());
    List<JobEvent> seen = new CopyOnWriteArrayList<>();
    client.addListener(event -> {
      throw new IllegalStateException("listener bug");
    });
    client.addListener(seen::add);

    List<JobEvent> events = SampleEvents.all("job-1");
    for (int i = 0; i < events.size(); i++) {
      deliver(events.get(i), 10 + i);
    }

    await().atMost(WAIT).until(() -> seen.size() == events.size());
    assertThat(seen).containsExactlyElementsOf(events);
  }

  @Test
  void skipsUnreadableEventsAndKeepsFollowing() throws Exception {
    client = start(LatentQClient.builder());
    CompletableFuture<JobOutcome> outcome = client.awaitOutcome("job-1");

    consumer.addRecord(new ConsumerRecord<>(EVENTS, 0, 10L, "job-1", "not an event".getBytes(StandardCharsets.UTF_8)));
    deliver(SampleEvents.canceled("job-1"), 11);

    assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(JobOutcome.Canceled.class);
  }

  @Test
  void followsPartitionsAddedAfterStartFromTheirBeginning() throws Exception {
    client = start(LatentQClient.builder().partitionRefreshInterval(Duration.ofMillis(10)));
    CompletableFuture<JobOutcome> outcome = client.awaitOutcome("job-1");

    consumer.updateBeginningOffsets(Map.of(P1, 0L));
    consumer.updatePartitions(EVENTS, List.of(partition(0), partition(1)));
    await().atMost(WAIT).until(() -> consumer.assignment().contains(P1));
    deliver(SampleEvents.succeeded("job-1"), P1, 0);

    assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(JobOutcome.Succeeded.class);
  }

  @Test
  void closeFailsOutstandingWaitersAndClosesTheKafkaClients() {
    client = start(LatentQClient.builder());
    CompletableFuture<JobOutcome> outcome = client.awaitOutcome("job-1");

    client.close();

    assertThatThrownBy(() -> outcome.get(5, TimeUnit.SECONDS))
        .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThat(consumer.closed()).isTrue();
    assertThat(producer.closed()).isTrue();
    assertThat(client.submit(Job.builder("job-2", "sd15", "fox").build())).isCompletedExceptionally();
    assertThat(client.awaitOutcome("job-3")).isCompletedExceptionally();
  }

  @Test
  void aBrokenEventConsumerFailsWaitersInsteadOfLeavingThemHanging() {
    client = start(LatentQClient.builder());
    CompletableFuture<JobOutcome> outcome = client.awaitOutcome("job-1");

    consumer.setPollException(new KafkaException("not authorized to read latentq.events"));

    assertThatThrownBy(() -> outcome.get(5, TimeUnit.SECONDS))
        .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("not authorized");
  }

  @Test
  void buildWithoutBootstrapServersExplainsTheFix() {
    assertThatThrownBy(() -> LatentQClient.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bootstrapServers(\"host:9092\")");
  }

  @Test
  void buildCreatesRealKafkaClientsAndFailsCleanlyWhenNoBrokerAnswers() {
    LatentQClient.Builder builder = LatentQClient.builder()
        .bootstrapServers("127.0.0.1:1")
        .kafkaProperty("default.api.timeout.ms", 200)
        .kafkaProperty("request.timeout.ms", 100)
        .kafkaProperty("group.id", "ignored-because-the-client-assigns-partitions");

    assertThatThrownBy(builder::build).isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
  }

  private LatentQClient start(LatentQClient.Builder builder) {
    consumer.updatePartitions(EVENTS, List.of(partition(0)));
    consumer.updateEndOffsets(Map.of(P0, 10L));
    return builder.kafkaClients(producer, consumer).pollTimeout(Duration.ofMillis(5)).build();
  }

  private void deliver(JobEvent event, long offset) {
    deliver(event, P0, offset);
  }

  private void deliver(JobEvent event, TopicPartition partition, long offset) {
    ProducerRecord<String, byte[]> record = codec.encode(event, EVENTS);
    consumer.addRecord(new ConsumerRecord<>(EVENTS, partition.partition(), offset, 0L, TimestampType.CREATE_TIME, 0,
        record.value().length, record.key(), record.value(), new RecordHeaders(record.headers().toArray()),
        Optional.empty()));
  }

  private static PartitionInfo partition(int number) {
    return new PartitionInfo(EVENTS, number, null, null, null);
  }
}
