package dev.latentq.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
  private static final TopicPartition P0 = new TopicPartition("latentq.jobs", 0);
  private static final TopicPartition P1 = new TopicPartition("latentq.jobs", 1);

  private final OffsetTracker tracker = new OffsetTracker();

  @Test
  void commitsOnlyTheContiguousPrefixOfFinishedOffsets() {
    tracker.assigned(P0);
    for (long offset = 0; offset < 4; offset++) {
      tracker.track(P0, offset);
    }
    tracker.done(P0, 1);
    tracker.done(P0, 2);
    assertThat(tracker.takeCommittable()).as("offset 0 still runs").isEmpty();

    tracker.done(P0, 0);
    assertThat(positions(tracker.takeCommittable())).containsExactly(Map.entry(P0, 3L));

    tracker.done(P0, 3);
    assertThat(positions(tracker.takeCommittable())).containsExactly(Map.entry(P0, 4L));
  }

  @Test
  void handsOutEachPositionOnce() {
    tracker.assigned(P0);
    tracker.track(P0, 7);
    tracker.done(P0, 7);
    assertThat(positions(tracker.takeCommittable())).containsExactly(Map.entry(P0, 8L));
    assertThat(tracker.takeCommittable()).isEmpty();
  }

  @Test
  void aFailedCommitIsHandedOutAgain() {
    tracker.assigned(P0);
    tracker.track(P0, 0);
    tracker.done(P0, 0);
    Map<TopicPartition, OffsetAndMetadata> attempt = tracker.takeCommittable();

    tracker.commitFailed(attempt);

    assertThat(positions(tracker.takeCommittable())).containsExactly(Map.entry(P0, 1L));
  }

  @Test
  void aFailedCommitThatALaterOneSupersededIsNotRewound() {
    tracker.assigned(P0);
    tracker.track(P0, 0);
    tracker.track(P0, 1);
    tracker.done(P0, 0);
    Map<TopicPartition, OffsetAndMetadata> first = tracker.takeCommittable();
    tracker.done(P0, 1);
    Map<TopicPartition, OffsetAndMetadata> second = tracker.takeCommittable();

    tracker.commitFailed(first);

    assertThat(positions(second)).containsExactly(Map.entry(P0, 2L));
    assertThat(tracker.takeCommittable()).as("position 2 is still the committed one").isEmpty();
  }

  @Test
  void aRevokedPartitionIsNeitherTrackedNorCommitted() {
    tracker.assigned(P0);
    tracker.assigned(P1);
    tracker.track(P0, 0);
    tracker.track(P1, 0);

    tracker.revoked(P0);
    tracker.done(P0, 0);
    tracker.done(P1, 0);

    assertThat(tracker.track(P0, 1)).as("records of a revoked partition are ignored").isFalse();
    assertThat(positions(tracker.takeCommittable())).containsExactly(Map.entry(P1, 1L));
  }

  @Test
  void aReassignedPartitionStartsAfresh() {
    tracker.assigned(P0);
    tracker.track(P0, 5);
    tracker.revoked(P0);
    tracker.assigned(P0);

    tracker.track(P0, 5);
    tracker.done(P0, 5);

    assertThat(positions(tracker.takeCommittable())).containsExactly(Map.entry(P0, 6L));
  }

  @Test
  void recordsOfAnUnassignedPartitionAreNotTracked() {
    assertThat(tracker.track(P0, 0)).isFalse();
    tracker.done(P0, 0);
    assertThat(tracker.takeCommittable()).isEmpty();
  }

  @Test
  void aRedeliveredOffsetCountsOnceAndFinishesOnce() {
    tracker.assigned(P0);
    assertThat(tracker.track(P0, 0)).isTrue();
    assertThat(tracker.track(P0, 0)).isTrue();
    tracker.track(P0, 1);

    tracker.done(P0, 0);
    assertThat(positions(tracker.takeCommittable())).containsExactly(Map.entry(P0, 1L));
  }

  @Test
  void assigningAnAssignedPartitionAgainKeepsItsOffsets() {
    tracker.assigned(P0);
    tracker.track(P0, 0);
    tracker.assigned(P0);

    assertThat(tracker.takeCommittable()).as("offset 0 is still in flight").isEmpty();
    tracker.done(P0, 0);
    assertThat(positions(tracker.takeCommittable())).containsExactly(Map.entry(P0, 1L));
  }

  private static Map<TopicPartition, Long> positions(Map<TopicPartition, OffsetAndMetadata> commit) {
    return commit.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
        e -> e.getValue().getOffset()));
  }
}
