package dev.latentq.worker.kafka;

import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * At-least-once commit bookkeeping: per assigned partition, the offsets still in flight and the highest offset
 * seen. The committable position is the lowest in-flight offset (or one past the highest seen when none is in
 * flight), so a job's offset is committed only once it and every earlier job of its partition have finished —
 * a crash never loses a job, it only repeats unfinished ones. Revoked partitions are forgotten: their unfinished
 * jobs are redone by the partition's next owner. Event-loop thread only.
 */
final class OffsetTracker {
  private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();

  private static final class PartitionOffsets {
    final TreeSet<Long> inFlight = new TreeSet<>();
    long highestSeen = -1;
    long committed = -1;

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
