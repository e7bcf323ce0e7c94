package dev.latentq.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.kafka.client.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * With read_committed the consumer's position moves past transaction markers that intake never sees; an idle
 * partition commits that position, a busy one never does.
 */
class OffsetTrackerIdlePositionTest {
  private final TopicPartition partition = new TopicPartition("jobs", 0);
  private final OffsetTracker offsets = new OffsetTracker();

  @Test
  void anIdlePartitionCommitsTheConsumersPositionPastTheCommitMarker() {
    offsets.assigned(partition);
    offsets.fetched(partition, 5);
    offsets.track(partition, 5);
    offsets.done(partition, 5);

    assertThat(offsets.idle()).containsExactly(partition);
    offsets.idleAt(partition, 7); // offset 6 is the transaction's commit marker
    assertThat(offsets.takeCommittable().get(partition).getOffset()).isEqualTo(7);
  }

  @Test
  void aPartitionWithRecordsInFlightOrPolledButUndeliveredIsNotIdle() {
    offsets.assigned(partition);
    offsets.fetched(partition, 9);
    offsets.track(partition, 5);

    assertThat(offsets.idle()).isEmpty();
    offsets.done(partition, 5);
    assertThat(offsets.idle()).as("records 6-9 were polled but not delivered yet").isEmpty();
    offsets.idleAt(partition, 10);
    assertThat(offsets.takeCommittable().get(partition).getOffset()).as("never past undelivered records")
        .isEqualTo(6);
  }

  @Test
  void aPartitionThatDeliveredNothingSinceItsAssignmentIsNotAskedForItsPosition() {
    offsets.assigned(partition);

    assertThat(offsets.idle()).isEmpty();
  }
}
