package dev.latentq.loadtest.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Makes the Kafka clients of one load run: a producer for jobs and a consumer for events. The run closes both. Tests
 * pass {@code MockProducer} and {@code MockConsumer}; {@link BrokerClients} connects to real brokers.
 */
public interface KafkaClients {

  /** A producer with string keys and byte-array values. */
  Producer<String, byte[]> producer();

  /** A consumer with string keys and byte-array values, without a consumer group (it is assigned partitions). */
  Consumer<String, byte[]> consumer();
}
