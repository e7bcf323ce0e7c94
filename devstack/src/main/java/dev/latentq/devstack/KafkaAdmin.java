package dev.latentq.devstack;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/** Talks to the devstack broker through kafka-clients' Admin: readiness and topic creation. */
final class KafkaAdmin {

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  private final String bootstrapServers;

  KafkaAdmin(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Waits until the broker answers a metadata request and knows itself as a live node. Returns an error text
   * when the process died or the deadline passed, empty when ready.
   */
  Optional<String> awaitReady(int port, Instant deadline, BooleanSupplier processAlive) {
    // Admin logs a warning per refused connection; waiting for the listener first keeps clients' logs clean.
    while (!Tcp.accepts(port)) {
      if (!processAlive.getAsBoolean()) {
        return Optional.of("the broker process exited");
      }
      if (Instant.now().isAfter(deadline)) {
        return Optional.of("port " + port + " never accepted a connection before the startup timeout");
      }
      Pause.of(POLL);
    }
    String lastError = "no answer yet";
    try (Admin admin = open()) {
      while (Instant.now().isBefore(deadline)) {
        if (!processAlive.getAsBoolean()) {
          return Optional.of("the broker process exited");
        }
        try {
          if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) CALL_TIMEOUT.toMillis()))
              .nodes().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
            return Optional.empty();
          }
          lastError = "the broker reports no live nodes yet";
        } catch (ExecutionException | TimeoutException e) {
          lastError = String.valueOf(e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new DevstackException("Interrupted while waiting for the broker on " + bootstrapServers, e);
        }
        Pause.of(POLL);
      }
    }
    return Optional.of("no metadata answer before the startup timeout (last: " + lastError + ")");
  }

  /** Creates the topics that do not exist yet and waits until every partition of all of them has a leader. */
  void createTopics(Map<String, Integer> partitionsByName, Duration timeout) {
    if (partitionsByName.isEmpty()) {
      return;
    }
    Instant deadline = Instant.now().plus(timeout);
    try (Admin admin = open()) {
      List<NewTopic> topics = new ArrayList<>();
      partitionsByName.forEach((name, partitions) -> topics.add(new NewTopic(name, partitions, (short) 1)));
      for (Map.Entry<String, KafkaFuture<Void>> result : admin.createTopics(topics).values().entrySet()) {
        try {
          result.getValue().get(remaining(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new DevstackException("Cannot create topic " + result.getKey() + " on " + bootstrapServers + ": "
                + e.getCause(), e);
          }
        }
      }
      awaitLeaders(admin, partitionsByName, deadline);
    } catch (TimeoutException e) {
      throw new DevstackException("Creating topics " + partitionsByName.keySet() + " on " + bootstrapServers
          + " timed out after " + timeout + "; check broker.log in the broker's data directory", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DevstackException("Interrupted while creating topics " + partitionsByName.keySet(), e);
    }
  }

  private static void awaitLeaders(Admin admin, Map<String, Integer> partitionsByName, Instant deadline)
      throws InterruptedException, TimeoutException {
    while (true) {
      try {
        Map<String, TopicDescription> descriptions = admin.describeTopics(partitionsByName.keySet())
            .allTopicNames().get(remaining(deadline), TimeUnit.MILLISECONDS);
        if (descriptions.values().stream()
            .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
          return;
        }
      } catch (ExecutionException e) {
        // Right after creation the broker's metadata may not list the topic yet; ask again.
        if (Instant.now().isAfter(deadline)) {
          throw new TimeoutException("topics still not described: " + e.getCause());
        }
      }
      Pause.of(POLL);
    }
  }

  private Admin open() {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "latentq-devstack");
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    properties.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100);
    properties.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 500);
    return Admin.create(properties);
  }

  private static long remaining(Instant deadline) throws TimeoutException {
    long millis = Duration.between(Instant.now(), deadline).toMillis();
    if (millis <= 0) {
      throw new TimeoutException("deadline passed");
    }
    return millis;
  }
}
