package dev.latentq.worker.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds the configuration maps of the worker's Kafka clients from the bootstrap servers, the pass-through properties
 * of the worker configuration (SASL, TLS...) and the settings the worker relies on.
 *
 * <p>The producer is idempotent with {@code acks=all}: an event or dead letter counts as published only once every
 * in-sync replica has it. Pass-through properties cannot weaken that; a conflicting value is rejected.
 */
public final class KafkaClientProperties {

  /** Producer settings the delivery guarantee depends on; pass-through properties may not change them. */
  private static final Map<String, String> PRODUCER_GUARANTEES = Map.of(
      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
      ProducerConfig.ACKS_CONFIG, "all",
      ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
      ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

  /** Idempotent producers keep ordering with at most this many unacknowledged requests per connection. */
  private static final int MAX_IN_FLIGHT = 5;

  /** Uncompressed size the producer accepts; what reaches the broker is compressed. */
  private static final int MAX_REQUEST_BYTES = 16 << 20;

  private KafkaClientProperties() {
  }

  /**
   * Configuration of the event producer ({@code String} keys, {@code byte[]} values).
   *
   * @param bootstrapServers {@code host:port[,host:port...]}
   * @param passThrough properties given to every Kafka client, e.g. {@code security.protocol}; they may override
   *     the tuning but not the delivery guarantee
   * @param workerId becomes part of {@code client.id}, so broker logs and quotas name the worker
   */
  public static Map<String, String> producer(String bootstrapServers, Map<String, String> passThrough,
      String workerId, ProducerTuning tuning) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(tuning.linger().toMillis()));
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(tuning.requestTimeout().toMillis()));
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(tuning.deliveryTimeout().toMillis()));
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(tuning.maxBlock().toMillis()));
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, Integer.toString(MAX_IN_FLIGHT));
    // A dead letter repeats a job record that may already be near the broker's 1 MB limit, plus headers: compress
    // (JSON shrinks well; the broker checks the compressed size) and let the uncompressed request be larger.
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_REQUEST_BYTES));
    putCommon(config, bootstrapServers, passThrough, workerId + "-events");
    PRODUCER_GUARANTEES.forEach((key, value) -> {
      String given = passThrough.get(key);
      if (given != null && !given.trim().equalsIgnoreCase(value)) {
        throw new IllegalArgumentException("Kafka property " + key + "=" + given + " conflicts with the worker's "
            + "delivery guarantee (" + key + "=" + value + "): remove it from the Kafka properties");
      }
      config.put(key, value);
    });
    requireInFlightWithinIdempotenceLimit(config.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION));
    return config;
  }

  /** Configuration of an Admin client (lag monitoring, readiness); see {@link #producer} for the parameters. */
  public static Map<String, String> admin(String bootstrapServers, Map<String, String> passThrough,
      String workerId) {
    Map<String, String> config = new LinkedHashMap<>();
    putCommon(config, bootstrapServers, passThrough, workerId + "-admin");
    return config;
  }

  private static void requireInFlightWithinIdempotenceLimit(String value) {
    int inFlight;
    try {
      inFlight = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      inFlight = -1;
    }
    if (inFlight < 1 || inFlight > MAX_IN_FLIGHT) {
      throw new IllegalArgumentException("Kafka property " + ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION
          + "=" + value + " is outside 1.." + MAX_IN_FLIGHT + ", which the idempotent producer needs to keep event "
          + "order: lower it or remove it");
    }
  }

  private static void putCommon(Map<String, String> config, String bootstrapServers,
      Map<String, String> passThrough, String clientId) {
    Objects.requireNonNull(passThrough, "passThrough");
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers are empty: set them to host:port[,host:port...]");
    }
    String givenBootstrap = passThrough.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    if (givenBootstrap != null && !givenBootstrap.equals(bootstrapServers)) {
      throw new IllegalArgumentException("Kafka property bootstrap.servers=" + givenBootstrap + " contradicts the "
          + "configured bootstrap servers " + bootstrapServers + ": set them in one place only");
    }
    config.putAll(passThrough);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
  }
}
