package dev.latentq.devstack;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The files a broker's data directory holds besides the Kafka logs: config, log config, log, pid file. */
final class KafkaServerFiles {

  private static final Pattern LISTENER = Pattern.compile("(\\w+)://[^:,]*:(\\d+)");

  private final Path dataDir;

  KafkaServerFiles(Path dataDir) {
    this.dataDir = dataDir;
  }

  Path serverProperties() {
    return dataDir.resolve("server.properties");
  }

  Path log4jConfig() {
    return dataDir.resolve("log4j2.xml");
  }

  Path logFile() {
    return dataDir.resolve("broker.log");
  }

  Path logDir() {
    return dataDir.resolve("kafka-logs");
  }

  /** StorageTool writes {@code meta.properties}; the broker refuses to start on a directory without one. */
  boolean isFormatted() {
    return Files.exists(logDir().resolve("meta.properties"));
  }

  PidFile pidFile() {
    return new PidFile(dataDir.resolve("broker.pid"), serverProperties().toString());
  }

  /** Listener ports from an existing {@code server.properties}, by listener name; empty if there is none. */
  Map<String, Integer> previousPorts() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    if (!Files.exists(serverProperties())) {
      return ports;
    }
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(Files.readString(serverProperties(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + serverProperties() + ": " + e.getMessage(), e);
    }
    Matcher matcher = LISTENER.matcher(properties.getProperty("listeners", ""));
    while (matcher.find()) {
      ports.put(matcher.group(1), Integer.parseInt(matcher.group(2)));
    }
    return ports;
  }

  void write(KafkaBrokerConfig config, int port, int controllerPort) {
    try {
      Files.createDirectories(logDir());
      Files.writeString(serverProperties(), serverPropertiesText(config, port, controllerPort),
          StandardCharsets.UTF_8);
      Files.writeString(log4jConfig(), LOG4J_CONFIG, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the broker config into " + dataDir + ": " + e.getMessage(), e);
    }
  }

  private String serverPropertiesText(KafkaBrokerConfig config, int port, int controllerPort) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    p.put("log.dirs", logDir().toString());
    p.put("num.partitions", Integer.toString(config.defaultPartitions()));
    p.put("auto.create.topics.enable", Boolean.toString(config.autoCreateTopics()));
    // One node: every replication factor and ISR minimum must be 1 or internal topics are never created.
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    // Fewer internal partitions make the first consumer group and transaction come up much faster.
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.num.partitions", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // After kill -9 the restarted broker is refused (DUPLICATE_BROKER_REGISTRATION) until its old registration's
    // session expires: 9 s by default, 3 s here. Heartbeats are loopback, so a short session is safe.
    p.put("broker.heartbeat.interval.ms", "500");
    p.put("broker.session.timeout.ms", "3000");
    // KIP-848 groups: the broker owns the session timeout (default 45 s); fault tests need dead members
    // to be noticed within seconds.
    p.put("group.consumer.min.session.timeout.ms", "6000");
    p.put("group.consumer.session.timeout.ms", "10000");
    p.put("group.consumer.min.heartbeat.interval.ms", "1000");
    p.put("group.consumer.heartbeat.interval.ms", "2000");
    p.putAll(config.brokerProperties());
    StringBuilder text = new StringBuilder("# Written by LatentQ devstack at every start; edits are overwritten.\n");
    p.forEach((key, value) -> text.append(key).append('=').append(escape(value)).append('\n'));
    return text.toString();
  }

  /** Properties files treat backslashes as escapes (Windows paths). */
  private static String escape(String value) {
    return value.replace("\\", "\\\\");
  }

  // Everything goes to stdout, which the parent appends to broker.log together with JVM errors.
  private static final String LOG4J_CONFIG = """
      <?xml version="1.0" encoding="UTF-8"?>
      <Configuration status="warn" shutdownHook="disable">
        <Appenders>
          <Console name="OUT" target="SYSTEM_OUT"><PatternLayout pattern="[%d] %p %m (%c)%n"/></Console>
        </Appenders>
        <Loggers>
          <Logger name="kafka.request.logger" level="WARN"/>
          <Logger name="state.change.logger" level="WARN"/>
          <Root level="INFO"><AppenderRef ref="OUT"/></Root>
        </Loggers>
      </Configuration>
      """;
}
