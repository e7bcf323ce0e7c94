package dev.latentq.worker.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what the publishers wrote, with a plain consumer outside any group. */
final class KafkaTestSupport {

  private KafkaTestSupport() {
  }

  /** The record at {@code offset} of {@code partition}, or fails after 30 s. */
  static ConsumerRecord<String, byte[]> readAt(String bootstrap, TopicPartition partition, long offset) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config(bootstrap))) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, offset);
      Instant deadline = Instant.now().plusSeconds(30);
      while (Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() == offset) {
            return record;
          }
        }
      }
    }
    throw new AssertionError("no record at " + partition + "@" + offset);
  }

  /** The first {@code count} records of {@code topic} (all partitions), or fails after 30 s. */
  static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic, int partitions, int count) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config(bootstrap))) {
      List<TopicPartition> tps = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Instant deadline = Instant.now().plusSeconds(30);
      while (records.size() < count && Instant.now().isBefore(deadline)) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    if (records.size() < count) {
      throw new AssertionError("expected " + count + " records on " + topic + ", found " + records.size());
    }
    return records;
  }

  private static Map<String, Object> config(String bootstrap) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
  }
}
