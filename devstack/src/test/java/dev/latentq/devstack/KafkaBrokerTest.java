package dev.latentq.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One real broker shared by the tests; every test uses its own topic and leaves the broker running. */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class KafkaBrokerTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private Path dataDir;
  private KafkaBroker broker;

  @BeforeAll
  void startBroker(@TempDir Path dir) {
    dataDir = dir;
    broker = new KafkaBroker(KafkaBrokerConfig.builder(dataDir).build()).start();
  }

  @AfterAll
  void stopBroker() {
    broker.close();
  }

  @Test
  void servesProduceAndConsumeInAConsumerGroup() throws Exception {
    broker.createTopics(Map.of("jobs", 3));

    produce("jobs", "job-1", "a cat in a hat");

    try (KafkaConsumer<String, String> consumer = consumer()) {
      consumer.subscribe(List.of("jobs"));
      List<ConsumerRecord<String, String>> records = pollUntil(consumer, 1);
      assertThat(records).extracting(ConsumerRecord::key, ConsumerRecord::value)
          .containsExactly(tuple("job-1", "a cat in a hat"));
    }
  }

  @Test
  void createTopicsAcceptsTopicsThatAlreadyExist() throws Exception {
    broker.createTopics(Map.of("existing", 2));

    broker.createTopics(Map.of("existing", 5, "fresh", 1));

    try (Admin admin = admin()) {
      assertThat(admin.listTopics().names().get()).contains("existing", "fresh");
      assertThat(admin.describeTopics(List.of("existing")).allTopicNames().get().get("existing").partitions())
          .as("an existing topic keeps its partition count").hasSize(2);
    }
  }

  @Test
  void gracefulRestartKeepsTopicsRecordsAndPorts() throws Exception {
    broker.createTopics(Map.of("restart-check", 1));
    produce("restart-check", "k", "before restart");
    String bootstrap = broker.bootstrapServers();
    int controllerPort = broker.controllerPort();
    long oldPid = broker.pid().orElseThrow();

    broker.restart();

    assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
    assertThat(broker.controllerPort()).isEqualTo(controllerPort);
    assertThat(broker.pid().orElseThrow()).isNotEqualTo(oldPid);
    assertThat(readAll("restart-check", 1)).containsExactly("before restart");
  }

  @Test
  void killThenStartRecoversAcknowledgedRecords() throws Exception {
    broker.createTopics(Map.of("kill-check", 1));
    produce("kill-check", "k", "acked before kill");

    broker.kill();
    assertThat(broker.isRunning()).isFalse();
    assertThat(broker.pid()).isEmpty();
    broker.start();

    assertThat(broker.isRunning()).isTrue();
    assertThat(readAll("kill-check", 1)).containsExactly("acked before kill");
  }

  @Test
  void writesTheBrokerLogIntoTheDataDirectory() {
    assertThat(broker.logFile()).isEqualTo(dataDir.resolve("broker.log"));
    assertThat(broker.logFile()).content().contains("Kafka Server started");
  }

  private void produce(String topic, String key, String value) throws Exception {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  /** Reads a single-partition topic from the start without a group (no coordinator involved). */
  private List<String> readAll(String topic, int expected) {
    try (KafkaConsumer<String, String> consumer = consumer()) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      return pollUntil(consumer, expected).stream().map(ConsumerRecord::value).toList();
    }
  }

  private static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer,
      int expected) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    Instant deadline = Instant.now().plus(WAIT);
    while (records.size() < expected && Instant.now().isBefore(deadline)) {
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }

  private KafkaConsumer<String, String> consumer() {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    properties.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return new KafkaConsumer<>(properties);
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }
}
