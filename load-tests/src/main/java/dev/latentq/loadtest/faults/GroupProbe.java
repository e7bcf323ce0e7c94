package dev.latentq.loadtest.faults;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;

/**
 * Asks the broker about the workers' consumer group. A worker logs that it is running once it has subscribed, a
 * moment before the group hands it partitions; a load started in that moment is partly consumed twice (by the
 * worker that gives the partitions up and by the one that gets them), which would count against the fault rather than
 * the start. Not thread-safe.
 */
final class GroupProbe {

  /** The worker's default consumer group, which LocalCluster's workers use. */
  static final String WORKER_GROUP = "latentq-workers";

  private static final long POLL_MILLIS = 200;
  private static final long CALL_SECONDS = 5;

  private GroupProbe() {
  }

  /**
   * Waits until the group is stable with {@code members} members that each hold their target assignment and together
   * every partition of {@code topic}.
   *
   * @return false if that did not happen within {@code timeout}
   */
  static boolean awaitSettled(String bootstrapServers, String topic, int members, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG, "latentq-fault-group-probe"))) {
      int partitions = partitions(admin, topic);
      while (System.nanoTime() < deadline) {
        if (settled(describe(admin), topic, partitions, members)) {
          return true;
        }
        Thread.sleep(POLL_MILLIS);
      }
    }
    return false;
  }

  private static int partitions(Admin admin, String topic) throws InterruptedException {
    try {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(CALL_SECONDS, TimeUnit.SECONDS).get(topic)
          .partitions().size();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot describe topic " + topic + ": " + e + "; is the broker up?", e);
    }
  }

  private static ConsumerGroupDescription describe(Admin admin) throws InterruptedException {
    try {
      return admin.describeConsumerGroups(List.of(WORKER_GROUP)).describedGroups().get(WORKER_GROUP)
          .get(CALL_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }

  private static boolean settled(ConsumerGroupDescription group, String topic, int partitions, int members) {
    if (group == null || group.groupState() != GroupState.STABLE || group.members().size() != members) {
      return false;
    }
    Collection<MemberDescription> all = group.members();
    long held = 0;
    for (MemberDescription member : all) {
      if (member.targetAssignment().isPresent()
          && !Objects.equals(member.targetAssignment().get().topicPartitions(),
              member.assignment().topicPartitions())) {
        return false;
      }
      held += member.assignment().topicPartitions().stream().filter(p -> p.topic().equals(topic)).count();
    }
    return held == partitions;
  }
}
