package dev.latentq.worker.kafka;

import dev.latentq.worker.config.WorkerConfig.KafkaSettings;
import java.util.HashMap;
import java.util.Map;

/** Kafka consumer configurations of the worker (the producer and admin ones are in {@link KafkaClientProperties}). */
public final class KafkaConsumers {
  private KafkaConsumers() {}

  /**
   * The jobs consumer: a member of the worker group with manual commits. KIP-848 ({@code group.protocol=consumer})
   * rebalances incrementally; with the classic protocol the cooperative sticky assignor does the same.
   *
   * <p>Static membership: the worker id is the member's {@code group.instance.id}, so a worker restarted after a
   * crash takes its partitions back at once instead of after the session timeout (the worker first removes its
   * previous incarnation from the group, which the consumer protocol requires). Worker ids must therefore be
   * unique in a group. A draining worker leaves the group explicitly, so a scale-in does not wait for the session
   * timeout either.
   */
  static Map<String, String> jobsConsumer(KafkaSettings kafka, String workerId) {
    Map<String, String> config = base(kafka);
    config.put("group.id", kafka.groupId());
    config.put("group.instance.id", instanceId(workerId));
    config.put("client.id", "latentq-jobs-" + workerId);
    config.put("enable.auto.commit", "false");
    config.put("auto.offset.reset", "earliest");
    // A GPU holds few jobs at once; small polls keep the paused-partition overshoot small.
    config.put("max.poll.records", "16");
    // Jobs of an aborted transaction must never run (kafka.properties may override it, at that cost).
    config.put("isolation.level", "read_committed");
    config.put("group.protocol", kafka.groupProtocol());
    if (kafka.classicProtocol()) {
      config.put("partition.assignment.strategy",
          "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    }
    config.putAll(kafka.properties());
    return config;
  }

  /** The static group member id of a worker's jobs consumer. */
  public static String instanceId(String workerId) {
    return "latentq-" + workerId;
  }

  /** The control consumer: no group (every worker reads every command), manually assigned, from the end. */
  static Map<String, String> controlConsumer(KafkaSettings kafka, String workerId) {
    Map<String, String> config = base(kafka);
    config.put("client.id", "latentq-control-" + workerId);
    config.put("enable.auto.commit", "false");
    config.put("auto.offset.reset", "latest");
    // A cancel of an aborted transaction must not cancel anything.
    config.put("isolation.level", "read_committed");
    config.putAll(kafka.properties());
    return config;
  }

  private static Map<String, String> base(KafkaSettings kafka) {
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    config.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    config.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    return config;
  }
}
