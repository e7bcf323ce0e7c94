package dev.latentq.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Apache Kafka broker (KRaft, combined broker and controller) running as a child JVM on 127.0.0.1.
 * It can be stopped, killed and restarted on the same data directory and ports. Thread-safe.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(KafkaBroker.class.getName());
  private static final String LISTENER = "PLAINTEXT";
  private static final String CONTROLLER = "CONTROLLER";

  private final KafkaBrokerConfig config;
  private final DevstackLib lib;
  private final KafkaServerFiles files;
  private int port;
  private int controllerPort;
  private ChildProcess process;

  /** A broker using the lib directory found by {@link DevstackLib#locate()}. Nothing starts yet. */
  public KafkaBroker(KafkaBrokerConfig config) {
    this(config, DevstackLib.locate());
  }

  public KafkaBroker(KafkaBrokerConfig config, DevstackLib lib) {
    this.config = config;
    this.lib = lib;
    this.files = new KafkaServerFiles(config.dataDir());
  }

  /**
   * Formats the data directory if needed, launches the broker and waits until it answers metadata requests.
   * Does nothing when already running. Stops an orphaned broker left behind on the same data directory first.
   */
  public synchronized KafkaBroker start() {
    if (isRunning()) {
      return this;
    }
    reapExited();
    Instant begin = Instant.now();
    Instant deadline = begin.plus(config.startupTimeout());
    createDataDir();
    files.pidFile().stopOrphan(config.stopTimeout());
    resolvePorts();
    files.write(config, port, controllerPort);
    LogFile.banner(files.logFile(), "starting Kafka broker on " + bootstrapServers());
    if (!files.isFormatted()) {
      format(deadline);
    }
    process = ChildProcess.start(new ChildProcess.Spec("kafka-broker", brokerCommand(), Map.of(), config.dataDir(),
        files.logFile(), files.pidFile(), config.stopOnJvmExit()));
    Optional<String> failure = new KafkaAdmin(bootstrapServers()).awaitReady(port, deadline, process::isAlive);
    if (failure.isPresent()) {
      int exitCode = process.exitCodeOrMinusOne();
      process.kill();
      process = null;
      throw new DevstackException("Kafka broker in " + config.dataDir() + " did not come up: " + failure.get()
          + (exitCode >= 0 ? " (exit code " + exitCode + ")" : "") + ". If a port is taken, pick other ports or stop "
          + "the other program.\n" + LogFile.failureReport(files.logFile()));
    }
    LOG.log(System.Logger.Level.INFO, "Kafka broker ready on {0} in {1} ms (pid {2}, data {3})",
        bootstrapServers(), String.valueOf(Duration.between(begin, Instant.now()).toMillis()),
        String.valueOf(process.pid()), config.dataDir());
    return this;
  }

  /** Graceful stop: SIGTERM, then SIGKILL after the configured stop timeout. Does nothing when not running. */
  public synchronized void stop() {
    if (process != null) {
      process.stop(config.stopTimeout());
      process = null;
    }
  }

  /** SIGKILL, for fault tests: no controlled shutdown, the next start recovers the logs. */
  public synchronized void kill() {
    if (process != null) {
      process.kill();
      process = null;
    }
  }

  /** {@link #stop()} then {@link #start()}, on the same data directory and ports. */
  public synchronized KafkaBroker restart() {
    stop();
    return start();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
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

  /** The broker process id while running. */
  public synchronized OptionalLong pid() {
    return isRunning() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
  }

  public Path dataDir() {
    return config.dataDir();
  }

  /** The broker's log: Kafka's own log plus anything the JVM printed, appended across restarts. */
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

  @Override
  public void close() {
    stop();
  }

  private void reapExited() {
    if (process != null) {
      // It exited on its own (crash or external kill); release its pid file and shutdown hook.
      process.stop(Duration.ZERO);
      process = null;
    }
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

  private void createDataDir() {
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the broker data directory " + config.dataDir() + ": "
          + e.getMessage(), e);
    }
  }
}
