package dev.latentq.protocol.client;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows every partition of one topic on a dedicated thread, without a consumer group: partitions are assigned
 * manually and re-checked periodically. Partitions known at {@link #start()} begin at their end offsets at that
 * moment (or at the beginning when asked); partitions that appear later begin at the beginning, since everything in
 * them is newer than the start.
 *
 * <p>The Kafka consumer is used by the thread calling {@link #start()} until it starts the follower thread, and by
 * that thread afterwards; it is closed when the thread ends.
 */
final class EventFollower {

  /** What the follower needs besides the consumer. */
  record Settings(String topic, boolean fromBeginning, Duration refreshInterval, Duration pollTimeout) {
  }

  private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
  private final Settings settings;
  private final Consumer<ConsumerRecord<String, byte[]>> sink;
  private final Consumer<RuntimeException> onFailure;
  private final Set<TopicPartition> assigned = new HashSet<>();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final Thread thread;
  private long nextRefreshNanos;

  EventFollower(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer, Settings settings,
      Consumer<ConsumerRecord<String, byte[]>> sink, Consumer<RuntimeException> onFailure) {
    this.consumer = consumer;
    this.settings = settings;
    this.sink = sink;
    this.onFailure = onFailure;
    this.thread = new Thread(this::run, "latentq-client-events-" + settings.topic());
    this.thread.setDaemon(true);
  }

  /** Assigns the topic's current partitions, fixes their start offsets, then starts following. */
  void start() {
    Set<TopicPartition> initial = currentPartitions();
    assign(initial);
    if (settings.fromBeginning()) {
      consumer.seekToBeginning(initial);
    } else {
      // Resolved now rather than lazily at the first poll, so nothing produced after start() is missed.
      Map<TopicPartition, Long> ends = consumer.endOffsets(initial);
      ends.forEach(consumer::seek);
    }
    nextRefreshNanos = System.nanoTime() + settings.refreshInterval().toNanos();
    thread.start();
  }

  /** Stops the thread and waits up to {@code timeout} for it to close the consumer. */
  void stop(Duration timeout) throws InterruptedException {
    stopping.countDown();
    if (thread.isAlive()) {
      consumer.wakeup();
    }
    // From a listener, i.e. the follower thread itself, the loop ends once the listener returns.
    if (thread.isAlive() && Thread.currentThread() != thread) {
      thread.join(timeout);
    }
  }

  private void run() {
    try {
      while (stopping.getCount() > 0) {
        refreshIfDue();
        if (assigned.isEmpty()) {
          // Polling without an assignment is an error; wait for the topic to appear.
          stopping.await(settings.pollTimeout().toMillis(), TimeUnit.MILLISECONDS);
          continue;
        }
        ConsumerRecords<String, byte[]> records = consumer.poll(settings.pollTimeout());
        records.forEach(sink);
      }
    } catch (WakeupException e) {
      if (stopping.getCount() > 0) {
        onFailure.accept(e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      onFailure.accept(e);
    } finally {
      consumer.close();
    }
  }

  private void refreshIfDue() {
    if (System.nanoTime() - nextRefreshNanos < 0) {
      return;
    }
    nextRefreshNanos = System.nanoTime() + settings.refreshInterval().toNanos();
    Set<TopicPartition> added = new HashSet<>(currentPartitions());
    added.removeAll(assigned);
    if (!added.isEmpty()) {
      assign(added);
      consumer.seekToBeginning(added);
    }
  }

  private void assign(Set<TopicPartition> partitions) {
    assigned.addAll(partitions);
    consumer.assign(Set.copyOf(assigned));
  }

  private Set<TopicPartition> currentPartitions() {
    List<PartitionInfo> infos = consumer.partitionsFor(settings.topic());
    if (infos == null) {
      return Set.of();
    }
    return infos.stream()
        .map(info -> new TopicPartition(info.topic(), info.partition()))
        .collect(Collectors.toSet());
  }
}
