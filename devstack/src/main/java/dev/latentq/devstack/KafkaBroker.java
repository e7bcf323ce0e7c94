package dev.latentq.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Apache Kafka broker (KRaft, combined broker and controller) running as a child JVM on 127.0.0.1.
 * It can be stopped, killed and restarted on the same data directory and ports. Thread-safe.
 */
public final class KafkaBroker extends ChildServer<KafkaBroker> {

  private static final String LISTENER = "PLAINTEXT";
  private static final String CONTROLLER = "CONTROLLER";

  private final KafkaBrokerConfig config;
  private final DevstackLib lib;
  private final KafkaServerFiles files;
  private int port;
  private int controllerPort;

  /** A broker using the lib directory found by {@link DevstackLib#locate()}. Nothing starts yet. */
  public KafkaBroker(KafkaBrokerConfig config) {
    this(config, DevstackLib.locate());
  }

  public KafkaBroker(KafkaBrokerConfig config, DevstackLib lib) {
    super("Kafka broker", config.dataDir(), config.startupTimeout(), config.stopTimeout());
    this.config = config;
    this.lib = lib;
    this.files = new KafkaServerFiles(config.dataDir());
  }

  /** Formats the data directory on first use and writes the server properties on the same ports as before. */
  @Override
  void prepare(Instant deadline) {
    resolvePorts();
    files.write(config, port, controllerPort);
    if (!files.isFormatted()) {
      format(deadline);
    }
  }

  @Override
  ChildProcess.Spec spec() {
    return new ChildProcess.Spec("kafka-broker", brokerCommand(), Map.of(), config.dataDir(), files.logFile(),
        files.pidFile(), config.stopOnJvmExit());
  }

  /** Ready when it answers metadata requests. */
  @Override
  Optional<String> awaitReady(Instant deadline, ChildProcess process) {
    return new KafkaAdmin(bootstrapServers()).awaitReady(port, deadline, process::isAlive);
  }

  @Override
  String address() {
    return bootstrapServers();
  }

  @Override
  String startupHint() {
    return "If a port is taken, pick other ports or stop the other program.";
  }

  @Override
  PidFile pidFile() {
    return files.pidFile();
  }

  /** {@code 127.0.0.1:<port>} for clients' {@code bootstrap.servers}; known once started. */
  public synchronized String bootstrapServers() {
    return "127.0.0.1:" + port();
  }

  /** The PLAINTEXT listener port; known once started. */
  public synchronized int port() {
    if (port == 0) {
      throw new IllegalStateException("The broker has no port yet: call start() first");
    }
    return port;
  }

  /** The CONTROLLER listener port; known once started. */
  public synchronized int controllerPort() {
    port();
    return controllerPort;
  }

  /** The broker's log: Kafka's own log plus anything the JVM printed, appended across restarts. */
  @Override
  public Path logFile() {
    return files.logFile();
  }

  /**
   * Creates the topics (replication factor 1) that do not exist yet and waits until all their partitions have a
   * leader. Existing topics are left as they are, whatever their partition count.
   */
  public void createTopics(Map<String, Integer> partitionsByName) {
    partitionsByName.forEach((name, partitions) -> {
      if (partitions == null || partitions < 1) {
        throw new IllegalArgumentException("Topic " + name + " needs at least 1 partition, got " + partitions);
      }
    });
    if (!isRunning()) {
      throw new IllegalStateException("Cannot create topics " + partitionsByName.keySet()
          + ": the broker is not running, call start() first");
    }
    new KafkaAdmin(bootstrapServers()).createTopics(partitionsByName, config.startupTimeout());
  }

  private void resolvePorts() {
    if (port != 0) {
      return;
    }
    Map<String, Integer> previous = files.previousPorts();
    port = Ports.choose(config.port(), previous.getOrDefault(LISTENER, 0));
    int candidate = Ports.choose(config.controllerPort(), previous.getOrDefault(CONTROLLER, 0));
    while (candidate == port) {
      candidate = Ports.free();
    }
    controllerPort = candidate;
  }

  private void format(Instant deadline) {
    List<String> command = javaCommand();
    command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
        "-c", files.serverProperties().toString(), "--standalone"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(config.dataDir().toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(files.logFile().toFile()));
    try {
      Process formatter = builder.start();
      long waitMillis = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
      if (!formatter.waitFor(waitMillis, TimeUnit.MILLISECONDS)) {
        formatter.destroyForcibly();
        throw new DevstackException("Formatting " + files.logDir() + " did not finish before the startup timeout ("
            + config.startupTimeout() + "); raise it on a slow machine.\n"
            + LogFile.failureReport(files.logFile()));
      }
      if (formatter.exitValue() != 0) {
        throw new DevstackException("Formatting " + files.logDir() + " failed (exit code " + formatter.exitValue()
            + "); delete the directory if it holds a half-written format.\n"
            + LogFile.failureReport(files.logFile()));
      }
    } catch (IOException e) {
      throw new DevstackException("Cannot launch Kafka's StorageTool: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DevstackException("Interrupted while formatting " + files.logDir(), e);
    }
  }

  private List<String> brokerCommand() {
    List<String> command = javaCommand();
    command.addAll(List.of("kafka.Kafka", files.serverProperties().toString()));
    return command;
  }

  private List<String> javaCommand() {
    List<String> command = new ArrayList<>(ChildJvm.command(config.jvm()));
    command.add("-Dlog4j2.configurationFile=" + files.log4jConfig());
    command.add("-cp");
    command.add(lib.kafkaClasspath());
    return command;
  }
}
