package dev.latentq.worker.kafka;

import java.util.Optional;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;

/**
 * Which consumer errors end consumption for good. The Kafka client retries transient errors itself; after one of
 * these every later poll fails the same way, so the worker would stay up and consume nothing. Each answer names
 * the fix an operator must make.
 */
final class ConsumerFailures {
  private ConsumerFailures() {}

  /** The reason consumption cannot go on, with its fix, or empty when {@code error} is transient. */
  static Optional<String> fatal(Throwable error, String workerId, String groupId) {
    return switch (error) {
      case FencedInstanceIdException e -> Optional.of("another worker joined group " + groupId + " with the same id '"
          + workerId + "' (static membership), so the broker fenced this one; give every worker a unique "
          + "workerId, or leave it unset to use the host name");
      case UnreleasedInstanceIdException e -> Optional.of("the broker still holds a member with id '" + workerId
          + "' in group " + groupId + "; wait for its session to end or give this worker another workerId");
      case GroupAuthorizationException e -> Optional.of("not authorized to join group " + groupId
          + "; grant the worker's principal READ on the group");
      case TopicAuthorizationException e -> Optional.of("not authorized to read " + e.unauthorizedTopics()
          + "; grant the worker's principal READ and DESCRIBE on the jobs topic");
      case InvalidGroupIdException e -> Optional.of("group id '" + groupId + "' is not valid; set kafka.groupId");
      default -> Optional.empty();
    };
  }
}
