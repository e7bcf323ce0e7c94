package dev.latentq.worker.config;

import dev.latentq.protocol.Topics;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the worker reaches Kafka ({@code kafka.*} in {@code latentq-example.yaml}). {@link #toString()} masks secret
 * client properties.
 *
 * @param groupProtocol {@value #CONSUMER_PROTOCOL} (KIP-848) or {@value #CLASSIC_PROTOCOL}
 * @param properties passed through to every Kafka client as is (SASL/TLS...); never holds
 *     {@code bootstrap.servers}, {@code group.id} or {@code group.protocol}, which have their own keys
 */
public record KafkaSettings(String bootstrapServers, String groupId, Topics topics, String groupProtocol,
    Map<String, String> properties, Duration commitInterval) {
  public static final String CONSUMER_PROTOCOL = "consumer";
  public static final String CLASSIC_PROTOCOL = "classic";

  public KafkaSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(groupProtocol, "groupProtocol");
    Objects.requireNonNull(commitInterval, "commitInterval");
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** True for the classic rebalance protocol, where the consumer should use the cooperative-sticky assignor. */
  public boolean classicProtocol() {
    return CLASSIC_PROTOCOL.equals(groupProtocol);
  }

  /** The pass-through properties plus {@code bootstrap.servers}: the base of every producer, consumer and admin. */
  public Map<String, String> clientProperties() {
    Map<String, String> all = new LinkedHashMap<>(properties);
    all.put("bootstrap.servers", bootstrapServers);
    return all;
  }

  @Override
  public String toString() {
    return "KafkaSettings[" + Secrets.describe(this) + "]";
  }
}
