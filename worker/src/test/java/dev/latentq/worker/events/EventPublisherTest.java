package dev.latentq.worker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentq.devstack.KafkaBroker;
import dev.latentq.devstack.KafkaBrokerConfig;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.ProtocolJson;
import dev.latentq.protocol.event.AcceptedData;
import dev.latentq.protocol.event.CanceledData;
import dev.latentq.protocol.event.EventCodec;
import dev.latentq.protocol.event.FailedData;
import dev.latentq.protocol.event.GeneratedImage;
import dev.latentq.protocol.event.JobEvent;
import dev.latentq.protocol.event.ProgressData;
import dev.latentq.protocol.event.StartedData;
import dev.latentq.protocol.event.SucceededData;
import dev.latentq.protocol.event.Timings;
import dev.latentq.worker.kafka.KafkaClientProperties;
import dev.latentq.worker.kafka.ProducerTuning;
import dev.latentq.worker.kafka.WorkerProducer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class EventPublisherTest {

  private static final String TOPIC = "latentq.events";
  private static final Instant TIME = Instant.parse("2026-11-26T10:00:01.250Z");
  private static final ProducerTuning FAST_FAILING = new ProducerTuning(
      Duration.ofMillis(5), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(1));

  @TempDir
  static Path dataDir;
  static KafkaBroker broker;
  static Vertx vertx;
  static EventPublisher publisher;

  @BeforeAll
  static void startBroker() {
    broker = new KafkaBroker(KafkaBrokerConfig.builder(dataDir).build()).start();
    broker.createTopics(Map.of(TOPIC, 3, "acked", 1, "flushed", 2));
    vertx = Vertx.vertx();
    publisher = new EventPublisher(producer(ProducerTuning.DEFAULTS), TOPIC);
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (publisher != null) {
      publisher.close().await(30, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    if (broker != null) {
      broker.stop();
    }
  }

  @Test
  void publishesEveryEventTypeAsBinaryCloudEventKeyedByJobId() throws Exception {
    List<JobEvent> events = allEvents("fox-0001");
    Future<Void> chain = Future.succeededFuture();
    for (JobEvent event : events) {
      chain = chain.compose(v -> publisher.publish(event));
    }
    chain.await(30, TimeUnit.SECONDS);

    List<ConsumerRecord<String, byte[]>> records = KafkaTestSupport.read(broker.bootstrapServers(), TOPIC, 3, 6);
    assertThat(records).extracting(ConsumerRecord::key).containsOnly("fox-0001");
    assertThat(records).extracting(ConsumerRecord::partition).as("one key, one partition, in order").hasSize(6)
        .containsOnly(records.getFirst().partition());
    assertThat(records).extracting(r -> header(r, "ce_id")).containsExactly("fox-0001/accepted",
        "fox-0001/started", "fox-0001/progress/3", "fox-0001/succeeded", "fox-0001/failed", "fox-0001/canceled");
    assertThat(records).extracting(r -> header(r, "ce_type")).containsExactly("dev.latentq.job.accepted",
        "dev.latentq.job.started", "dev.latentq.job.progress", "dev.latentq.job.succeeded", "dev.latentq.job.failed",
        "dev.latentq.job.canceled");
    for (ConsumerRecord<String, byte[]> record : records) {
      assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
      assertThat(header(record, "ce_source")).isEqualTo("/latentq");
      assertThat(header(record, "ce_subject")).isEqualTo("fox-0001");
      assertThat(header(record, "ce_time")).isEqualTo("2026-11-26T10:00:01.25Z");
      assertThat(header(record, "content-type")).isEqualTo("application/json");
    }
    EventCodec codec = new EventCodec();
    List<JobEvent> decoded = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      decoded.add(codec.decode(record));
    }
    assertThat(decoded).isEqualTo(events);
  }

  @Test
  void publishCompletesOnlyOnceTheBrokerHasTheEvent() throws Exception {
    EventPublisher acked = new EventPublisher(producer(ProducerTuning.DEFAULTS), "acked");
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
      acked.publish(accepted("owl-0001")).await(30, TimeUnit.SECONDS);

      // No waiting: with acks=all the record is already below the high watermark when the future completes.
      TopicPartition partition = new TopicPartition("acked", 0);
      long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get()
          .offset();
      assertThat(end).isEqualTo(1);
    } finally {
      acked.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void flushCompletesAfterEveryOutstandingEventIsAcknowledged() throws Exception {
    EventPublisher flushing = new EventPublisher(producer(ProducerTuning.DEFAULTS), "flushed");
    try {
      List<Future<Void>> sends = new ArrayList<>();
      for (int step = 1; step <= 20; step++) {
        sends.add(flushing.publish(new JobEvent.Progress(new ProgressData("hare-" + step % 4, step, 20), TIME)));
      }
      flushing.flush().await(30, TimeUnit.SECONDS);

      assertThat(sends).allSatisfy(send -> assertThat(send.succeeded()).isTrue());
      assertThat(KafkaTestSupport.read(broker.bootstrapServers(), "flushed", 2, 20)).hasSize(20);
    } finally {
      flushing.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void publishingToAMissingTopicFailsWithAClearErrorInsteadOfHanging() throws Exception {
    EventPublisher lost = new EventPublisher(producer(FAST_FAILING), "no-such-topic");
    try {
      Future<Void> send = lost.publish(accepted("lynx-0001"));

      assertThatThrownBy(() -> send.await(30, TimeUnit.SECONDS))
          .isInstanceOf(PublishException.class)
          .hasMessageContaining("event lynx-0001/accepted could not be published to topic no-such-topic")
          .hasMessageContaining("Check that the topic exists")
          .hasCauseInstanceOf(TimeoutException.class);
    } finally {
      lost.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static KafkaProducer<String, byte[]> producer(ProducerTuning tuning) {
    return WorkerProducer.create(vertx,
        KafkaClientProperties.producer(broker.bootstrapServers(), Map.of(), "worker-a", tuning));
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static JobEvent accepted(String jobId) {
    return new JobEvent.Accepted(new AcceptedData(jobId, "sd15", "worker-a", metadata()), TIME);
  }

  private static List<JobEvent> allEvents(String jobId) {
    GeneratedImage image = new GeneratedImage(0, "latentq-out", "runs/" + jobId + "/0.png", 412_345L,
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 42L, 512, 512);
    return List.of(
        accepted(jobId),
        new JobEvent.Started(new StartedData(jobId, "sd15", "worker-a", null), TIME),
        new JobEvent.Progress(new ProgressData(jobId, 3, 30), TIME),
        new JobEvent.Succeeded(new SucceededData(jobId, "sd15", "worker-a", List.of(image),
            new Timings(120, 2_400, 180, 35, 2_735), "euler_a", 30, 7.5, metadata()), TIME),
        new JobEvent.Failed(FailedData.of(jobId, FailureCode.STORAGE_UNAVAILABLE, "bucket latentq-out is "
            + "unreachable: check the S3 endpoint", "worker-a", metadata()), TIME),
        new JobEvent.Canceled(new CanceledData(jobId, "canceled by control message", "worker-a", null), TIME));
  }

  private static ObjectNode metadata() {
    ObjectNode metadata = ProtocolJson.objectNode();
    metadata.put("user", 7).putArray("tags").add("fox");
    return metadata;
  }
}
