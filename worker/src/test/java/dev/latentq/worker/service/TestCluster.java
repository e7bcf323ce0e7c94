package dev.latentq.worker.service;

import dev.latentq.devstack.Devstack;
import dev.latentq.protocol.Topics;
import dev.latentq.protocol.client.LatentQClient;
import dev.latentq.worker.config.ConfigLoader;
import dev.latentq.worker.config.WorkerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real Kafka broker and S3 server (child processes from the devstack module) plus helpers to configure workers
 * against them, produce raw records and read topics back.
 */
final class TestCluster implements AutoCloseable {
  static final Path SD15 = Path.of("../fixtures/tiny-sd15");
  static final Path SDXL = Path.of("../fixtures/tiny-sdxl");

  private final Devstack stack;

  TestCluster(Path dir, Map<String, Integer> topics) {
    this.stack = Devstack.builder(dir).topics(topics).start();
  }

  Devstack stack() {
    return stack;
  }

  String bootstrap() {
    return stack.bootstrapServers();
  }

  void createTopics(Map<String, Integer> topics) {
    stack.kafka().createTopics(topics);
  }

  /** Workers of a group of their own: its jobs topic, and the environment that points a worker at both. */
  record Group(String id, Topics topics, Map<String, String> env) {}

  /**
   * Creates the jobs topic {@code <name>.jobs} with {@code partitions} for the group {@code <name>-group}, which
   * shares the default events, control and dead-letter topics.
   */
  Group group(String name, int partitions) {
    Topics defaults = Topics.DEFAULTS;
    Topics topics = new Topics(name + ".jobs", defaults.events(), defaults.control(), defaults.deadLetter());
    createTopics(Map.of(topics.jobs(), partitions));
    String id = name + "-group";
    return new Group(id, topics, Map.of("LATENTQ_GROUP_ID", id, "LATENTQ_JOBS_TOPIC", topics.jobs()));
  }

  /** The worker environment for this cluster; {@code extra} entries override or add LATENTQ_* variables. */
  Map<String, String> workerEnv(String workerId, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("LATENTQ_WORKER_ID", workerId);
    env.put("LATENTQ_KAFKA_BOOTSTRAP", stack.bootstrapServers());
    env.put("LATENTQ_S3_ENDPOINT", stack.s3Endpoint());
    env.put("LATENTQ_S3_ACCESS_KEY", stack.s3AccessKey());
    env.put("LATENTQ_S3_SECRET_KEY", stack.s3SecretKey());
    env.put("LATENTQ_MODELS", "tiny-sd15=" + SD15.toAbsolutePath() + ",tiny-sdxl=" + SDXL.toAbsolutePath());
    env.put("LATENTQ_HTTP_PORT", "0");
    env.put("LATENTQ_MAX_BATCH", "8");
    env.put("LATENTQ_ENGINE_MAX_QUEUED_JOBS", "16");
    env.put("LATENTQ_KAFKA_COMMIT_INTERVAL", "200ms");
    env.put("LATENTQ_DRAIN_TIMEOUT", "20s");
    env.put("LATENTQ_DEFAULTS_PROGRESS_INTERVAL", "100ms");
    env.putAll(extra);
    return env;
  }

  WorkerConfig workerConfig(String workerId, Map<String, String> extra) {
    return ConfigLoader.load(Optional.empty(), workerEnv(workerId, extra));
  }

  LatentQClient client(Topics topics) {
    return LatentQClient.builder().bootstrapServers(stack.bootstrapServers()).topics(topics).build();
  }

  /** Produces a raw record (the bytes exactly as given) and waits for the acknowledgement. */
  void produceRaw(String topic, String key, byte[] value) throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", stack.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  /** Produces a raw record with an explicit partition (null: by key) and timestamp (null: now). */
  void produceRaw(String topic, Integer partition, Long timestamp, String key, byte[] value) throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", stack.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, partition, timestamp, key, value)).get();
    }
  }

  /** Every record currently in {@code topic}, read from the beginning of all partitions. */
  List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", stack.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  @Override
  public void close() {
    stack.close();
  }
}
