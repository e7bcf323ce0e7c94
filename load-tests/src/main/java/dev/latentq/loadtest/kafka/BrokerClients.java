package dev.latentq.loadtest.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka clients for real brokers. The producer is idempotent with {@code acks=all}, like the protocol's client; the
 * consumer reads committed records, never commits and never creates topics. Extra properties (SASL, TLS, tuning)
 * apply to both and override these defaults, except serializers and {@code group.id}, which the load generator fixes.
 *
 * @param bootstrapServers Kafka's {@code bootstrap.servers}
 * @param properties extra client properties
 * @param clientId prefix of the clients' {@code client.id}
 */
public record BrokerClients(String bootstrapServers, Map<String, String> properties, String clientId)
    implements KafkaClients {

  public BrokerClients {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    properties = Map.copyOf(properties);
    Objects.requireNonNull(clientId, "clientId");
  }

  @Override
  public Producer<String, byte[]> producer() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    config.putAll(common("producer"));
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public Consumer<String, byte[]> consumer() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Only partitions that appear during the run start here; the rest are positioned at their end explicitly.
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // Metadata look-ups at start fail after this instead of Kafka's 60 s when the brokers are unreachable.
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    config.putAll(common("events"));
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private Map<String, Object> common(String role) {
    Map<String, Object> config = new HashMap<>();
    config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-" + role);
    config.putAll(properties);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }
}
