package dev.latentq.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventFollowerTest {
  private static final String TOPIC = "latentq.events";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

  private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
  private EventFollower follower;

  @AfterEach
  void stop() throws InterruptedException {
    if (follower != null) {
      follower.stop(Duration.ofSeconds(10));
    }
  }

  @Test
  void startsAtTheEndAndReadsWhatComesAfter() {
    partitions(P0);
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    consumer.updateEndOffsets(Map.of(P0, 5L));
    follower = follower(false, Duration.ofSeconds(10));

    assertThat(follower.position()).containsExactly(P0);
    follower.start();
    consumer.addRecord(record(P0, 5, "after"));

    await().until(() -> seen.contains("after"));
    assertThat(consumer.position(P0)).isEqualTo(6);
  }

  @Test
  void aPartitionAddedLaterIsReadFromItsBeginning() {
    partitions(P0);
    consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    consumer.updateEndOffsets(Map.of(P0, 0L));
    follower = follower(false, Duration.ofMillis(10));
    follower.start();

    consumer.schedulePollTask(() -> {
      partitions(P0, P1);
      consumer.updateEndOffsets(Map.of(P0, 0L, P1, 0L));
    });
    await().until(() -> consumer.assignment().contains(P1));
    consumer.schedulePollTask(() -> consumer.addRecord(record(P1, 0, "first of p1")));

    await().until(() -> seen.contains("first of p1"));
  }

  @Test
  void awaitCaughtUpReturnsOnceEverythingProducedBeforeTheCallWasRead() throws InterruptedException {
    partitions(P0);
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    consumer.updateEndOffsets(Map.of(P0, 0L));
    follower = follower(true, Duration.ofSeconds(10));
    follower.start();
    // Produced before the call (the end offset says so), delivered by a later poll: the call must wait for them.
    consumer.updateEndOffsets(Map.of(P0, 2L));
    consumer.schedulePollTask(() -> {
      consumer.addRecord(record(P0, 0, "a"));
      consumer.addRecord(record(P0, 1, "b"));
    });

    assertThat(follower.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
    assertThat(seen).containsExactly("a", "b");
  }

  @Test
  void aTopicThatDoesNotExistYetIsWaitedFor() {
    follower = follower(false, Duration.ofMillis(10));

    assertThat(follower.position()).isEmpty();
    follower.start();
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    partitions(P0);
    await().until(() -> consumer.assignment().contains(P0));
    consumer.schedulePollTask(() -> consumer.addRecord(record(P0, 0, "late topic")));

    await().until(() -> seen.contains("late topic"));
    assertThat(failures).isEmpty();
  }

  @Test
  void stopClosesTheConsumerAlsoWhenNeverStarted() throws InterruptedException {
    follower = follower(false, Duration.ofSeconds(10));

    follower.stop(Duration.ofSeconds(1));

    assertThat(consumer.closed()).isTrue();
  }

  private EventFollower follower(boolean fromBeginning, Duration refresh) {
    return new EventFollower(consumer, new EventFollower.Settings(TOPIC, fromBeginning, refresh,
        Duration.ofMillis(10)), r -> seen.add(new String(r.value(), StandardCharsets.UTF_8)), failures::add);
  }

  private void partitions(TopicPartition... partitions) {
    Node node = new Node(0, "localhost", 9092);
    consumer.updatePartitions(TOPIC, Arrays.stream(partitions)
        .map(p -> new PartitionInfo(TOPIC, p.partition(), node, new Node[] {node}, new Node[] {node})).toList());
  }

  private static ConsumerRecord<String, byte[]> record(TopicPartition partition, long offset, String value) {
    return new ConsumerRecord<>(TOPIC, partition.partition(), offset, "job", value.getBytes(StandardCharsets.UTF_8));
  }
}
