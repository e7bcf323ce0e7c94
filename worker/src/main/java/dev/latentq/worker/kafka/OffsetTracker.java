package dev.latentq.worker.kafka;

import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * At-least-once commit bookkeeping: per assigned partition, the offsets still in flight and the highest offset
 * seen. The committable position is the lowest in-flight offset (or one past the highest seen when none is in
 * flight), so a job's offset is committed only once it and every earlier job of its partition have finished —
 * a crash never loses a job, it only repeats unfinished ones. Revoked partitions are forgotten: their unfinished
 * jobs are redone by the partition's next owner.
 *
 * <p>With {@code read_committed}, the consumer's position moves past transaction markers and aborted records that
 * are never delivered, so "one past the highest seen" stops short of the end. A partition with nothing in flight
 * whose polled records were all delivered is idle: its consumer position may then be committed instead
 * ({@link #idleAt}), so committed lag returns to 0. Event-loop thread only.
 */
final class OffsetTracker {
  private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();

  private static final class PartitionOffsets {
    final TreeSet<Long> inFlight = new TreeSet<>();
    long highestSeen = -1;
    long fetched = -1;
    long committed = -1;

    // Only partitions that delivered a record since their assignment: their position is known, so asking for it
    // never blocks the consumer's poll thread on a broker round trip (e.g. during a broker restart).
    boolean idle() {
      return highestSeen >= 0 && inFlight.isEmpty() && highestSeen >= fetched;
    }

    long position() {
      return inFlight.isEmpty() ? highestSeen + 1 : inFlight.first();
    }
  }

  void assigned(TopicPartition partition) {
    partitions.putIfAbsent(partition, new PartitionOffsets());
  }

  void revoked(TopicPartition partition) {
    partitions.remove(partition);
  }

  /** Records an offset as in flight; false when the partition is not (or no longer) assigned here. */
  boolean track(TopicPartition partition, long offset) {
    PartitionOffsets p = partitions.get(partition);
    if (p == null) {
      return false;
    }
    p.inFlight.add(offset);
    p.highestSeen = Math.max(p.highestSeen, offset);
    return true;
  }

  /**
   * Records that a poll returned records of the partition up to {@code lastOffset}; until intake has seen them all,
   * the consumer's position is ahead of what it tracks. Unknown partitions are ignored.
   */
  void fetched(TopicPartition partition, long lastOffset) {
    PartitionOffsets p = partitions.get(partition);
    if (p != null) {
      p.fetched = Math.max(p.fetched, lastOffset);
    }
  }

  /**
   * Assigned partitions that delivered records since their assignment, with nothing in flight and nothing polled
   * but undelivered.
   */
  Set<TopicPartition> idle() {
    Set<TopicPartition> idle = new HashSet<>();
    partitions.forEach((tp, p) -> {
      if (p.idle()) {
        idle.add(tp);
      }
    });
    return idle;
  }

  /**
   * The consumer's position of a partition that was idle when asked: everything before it was delivered and
   * finished or was never to be delivered (transaction markers, aborted records), so it may be committed. Ignored
   * unless the partition is still idle (a record arrived meanwhile) and the position is ahead.
   */
  void idleAt(TopicPartition partition, long position) {
    PartitionOffsets p = partitions.get(partition);
    if (p != null && p.idle() && position - 1 > p.highestSeen) {
      p.highestSeen = position - 1;
      p.fetched = Math.max(p.fetched, p.highestSeen);
    }
  }

  /** Marks an offset finished (its job reached a published terminal state). Unknown partitions are ignored. */
  void done(TopicPartition partition, long offset) {
    PartitionOffsets p = partitions.get(partition);
    if (p != null) {
      p.inFlight.remove(offset);
    }
  }

  /**
   * Positions that moved since they were last handed out, as Kafka commit offsets (the next offset to read);
   * they count as committed from now on (a failed commit is simply superseded by a later one).
   */
  Map<TopicPartition, OffsetAndMetadata> takeCommittable() {
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    partitions.forEach((tp, p) -> {
      long position = p.position();
      if (position > p.committed && position > 0) {
        p.committed = position;
        commit.put(tp, new OffsetAndMetadata(position, ""));
      }
    });
    return commit;
  }

  /** Lets a failed commit's positions be handed out again. */
  void commitFailed(Map<TopicPartition, OffsetAndMetadata> attempted) {
    attempted.forEach((tp, offset) -> {
      PartitionOffsets p = partitions.get(tp);
      if (p != null && p.committed == offset.getOffset()) {
        p.committed = offset.getOffset() - 1;
      }
    });
  }
}
