package dev.latentq.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a single-node KRaft broker.
 *
 * @param dataDir holds the Kafka logs, {@code server.properties}, {@code broker.log} and the pid file
 * @param port PLAINTEXT listener port; 0 picks a free one at first start (kept across restarts)
 * @param controllerPort CONTROLLER listener port; 0 picks a free one at first start (kept across restarts)
 * @param defaultPartitions {@code num.partitions} for topics created without a partition count
 * @param autoCreateTopics {@code auto.create.topics.enable}
 * @param brokerProperties extra {@code server.properties} entries; they override the devstack defaults
 * @param jvm child JVM tuning
 * @param startupTimeout how long {@link KafkaBroker#start()} waits for the broker to answer
 * @param stopTimeout how long {@link KafkaBroker#stop()} waits after SIGTERM before SIGKILL
 * @param stopOnJvmExit stop the broker from a shutdown hook when this JVM exits; turn off only when the caller
 *     stops it itself at the right moment (e.g. after draining a worker that still needs the broker)
 */
public record KafkaBrokerConfig(Path dataDir, int port, int controllerPort, int defaultPartitions,
    boolean autoCreateTopics, Map<String, String> brokerProperties, JvmSettings jvm, Duration startupTimeout,
    Duration stopTimeout, boolean stopOnJvmExit) {

  public KafkaBrokerConfig {
    dataDir = dataDir.toAbsolutePath().normalize();
    checkPort(port, "port");
    checkPort(controllerPort, "controllerPort");
    if (port > 0 && port == controllerPort) {
      throw new IllegalArgumentException("port and controllerPort must differ, both are " + port);
    }
    if (defaultPartitions < 1) {
      throw new IllegalArgumentException("defaultPartitions must be >= 1, got " + defaultPartitions);
    }
    brokerProperties = Map.copyOf(brokerProperties);
    Objects.requireNonNull(jvm, "jvm");
    Objects.requireNonNull(startupTimeout, "startupTimeout");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
  }

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  static void checkPort(int port, String name) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(name + " must be 0 (pick a free one) or 1..65535, got " + port);
    }
  }

  /** Builds a {@link KafkaBrokerConfig} with dev/test defaults: free ports, 1 partition, no auto-creation. */
  public static final class Builder extends ChildServerSettings<Builder> {
    private int controllerPort;
    private int defaultPartitions = 1;
    private boolean autoCreateTopics;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();

    private Builder(Path dataDir) {
      super(dataDir, JvmSettings.withHeap("512m"), Duration.ofSeconds(90), Duration.ofSeconds(30));
    }

    public Builder controllerPort(int value) {
      controllerPort = value;
      return this;
    }

    public Builder defaultPartitions(int value) {
      defaultPartitions = value;
      return this;
    }

    public Builder autoCreateTopics(boolean value) {
      autoCreateTopics = value;
      return this;
    }

    public Builder brokerProperty(String key, String value) {
      brokerProperties.put(key, value);
      return this;
    }

    public KafkaBrokerConfig build() {
      return new KafkaBrokerConfig(dataDir, port, controllerPort, defaultPartitions, autoCreateTopics,
          brokerProperties, jvm, startupTimeout, stopTimeout, stopOnJvmExit);
    }
  }
}
