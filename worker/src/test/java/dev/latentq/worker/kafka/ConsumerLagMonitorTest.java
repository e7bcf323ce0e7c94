package dev.latentq.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.latentq.devstack.KafkaBroker;
import dev.latentq.devstack.KafkaBrokerConfig;
import dev.latentq.worker.kafka.ConsumerLagMonitor.Lag;
import dev.latentq.worker.kafka.ConsumerLagMonitor.Settings;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class ConsumerLagMonitorTest {

  @TempDir
  static Path dataDir;
  static KafkaBroker broker;
  static Vertx vertx;
  static Admin admin;

  @BeforeAll
  static void startBroker() {
    broker = new KafkaBroker(KafkaBrokerConfig.builder(dataDir).build()).start();
    broker.createTopics(Map.of("jobs", 3, "periodic", 1, "doomed", 1));
    vertx = Vertx.vertx();
    admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()));
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (admin != null) {
      admin.close();
    }
    if (vertx != null) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    if (broker != null) {
      broker.stop();
    }
  }

  @Test
  void lagIsEndOffsetMinusCommittedPerPartitionAndUncommittedPartitionsCountFromTheStart() throws Exception {
    produce("jobs", 0, 5);
    produce("jobs", 1, 3);
    commit("workers", Map.of(new TopicPartition("jobs", 0), 2L));
    List<Lag> seen = new CopyOnWriteArrayList<>();
    ConsumerLagMonitor monitor =
        new ConsumerLagMonitor(vertx, admin, new Settings("workers", "jobs", Duration.ofSeconds(10)), seen::add);

    Lag lag = monitor.poll().await(30, TimeUnit.SECONDS);

    assertThat(lag.total()).isEqualTo(6);
    assertThat(lag.byPartition()).containsExactly(Map.entry(0, 3L), Map.entry(1, 3L), Map.entry(2, 0L));
    assertThat(seen).containsExactly(lag);
    assertThat(monitor.lastLag()).hasValue(lag);
  }

  @Test
  void periodicPollingFollowsCommits() throws Exception {
    produce("periodic", 0, 4);
    List<Lag> seen = new CopyOnWriteArrayList<>();
    ConsumerLagMonitor monitor = new ConsumerLagMonitor(vertx, admin,
        new Settings("periodic-workers", "periodic", Duration.ofMillis(100)), seen::add);
    monitor.start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> !seen.isEmpty() && seen.getLast().total() == 4);

      commit("periodic-workers", Map.of(new TopicPartition("periodic", 0), 3L));

      await().atMost(Duration.ofSeconds(30)).until(() -> seen.getLast().total() == 1);
    } finally {
      monitor.stop();
    }
  }

  @Test
  void aFailedMeasurementKeepsTheLastValueAndDoesNotNotify() throws Exception {
    produce("doomed", 0, 2);
    List<Lag> seen = new CopyOnWriteArrayList<>();
    ConsumerLagMonitor monitor =
        new ConsumerLagMonitor(vertx, admin, new Settings("doomed-workers", "doomed", Duration.ofSeconds(5)),
            seen::add);
    Lag before = monitor.poll().await(30, TimeUnit.SECONDS);
    admin.deleteTopics(List.of("doomed")).all().get(30, TimeUnit.SECONDS);

    assertThatThrownBy(() -> monitor.poll().await(30, TimeUnit.SECONDS))
        .isInstanceOf(UnknownTopicOrPartitionException.class);
    assertThat(monitor.lastLag()).hasValue(before);
    assertThat(seen).containsExactly(before);
  }

  @Test
  void aMissingTopicFailsTheMeasurementWithoutAValue() {
    ConsumerLagMonitor monitor = new ConsumerLagMonitor(vertx, admin,
        new Settings("workers", "no-such-jobs", Duration.ofSeconds(5)), lag -> { });

    assertThatThrownBy(() -> monitor.poll().await(30, TimeUnit.SECONDS))
        .isInstanceOf(UnknownTopicOrPartitionException.class);
    assertThat(monitor.lastLag()).isEmpty();
  }

  private static void produce(String topic, int partition, int count) throws Exception {
    Map<String, Object> config = Map.of("bootstrap.servers", broker.bootstrapServers(),
        "key.serializer", StringSerializer.class.getName(), "value.serializer", StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, partition, "job-" + i, "{}")).get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Commits like a worker of {@code group} that finished the jobs below these offsets. */
  private static void commit(String group, Map<TopicPartition, Long> offsets) {
    Map<String, Object> config = Map.of("bootstrap.servers", broker.bootstrapServers(), "group.id", group,
        "enable.auto.commit", "false",
        "key.deserializer", StringDeserializer.class.getName(),
        "value.deserializer", StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.assign(offsets.keySet());
      consumer.commitSync(offsets.entrySet().stream().collect(Collectors.toMap(
          Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue()))));
    }
  }
}
