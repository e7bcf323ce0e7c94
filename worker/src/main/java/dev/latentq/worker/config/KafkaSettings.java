package dev.latentq.worker.config;

import dev.latentq.protocol.Topics;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code kafka} keys of {@code latentq-example.yaml}. {@code properties} never holds {@code bootstrap.servers},
 * {@code group.id} or {@code group.protocol}, which have their own keys; {@link #toString()} masks secret ones.
 */
public record KafkaSettings(String bootstrapServers, String groupId, Topics topics, String groupProtocol,
    Map<String, String> properties, Duration commitInterval) {
  public static final String CONSUMER_PROTOCOL = "consumer";
  public static final String CLASSIC_PROTOCOL = "classic";

  public KafkaSettings {
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
