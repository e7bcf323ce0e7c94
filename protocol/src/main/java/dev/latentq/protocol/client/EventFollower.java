package dev.latentq.protocol.client;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows every partition of one topic on a dedicated thread, without a consumer group — the one event-following
 * loop of LatentQ (the client's outcome futures, the load generator's ledger and the fault runs' audit all use it).
 * Partitions are assigned manually and re-checked periodically. Partitions known when {@link #position()} runs
 * begin at their end offsets at that moment (or at the beginning when asked); partitions that appear later begin
 * at the beginning, since everything in them is newer.
 *
 * <p>The Kafka consumer is used by the thread calling {@link #position()} / {@link #start()} until the follower
 * thread starts, and by that thread afterwards; it is closed when the thread ends (or by {@link #stop(Duration)}
 * if the thread never started). The sink and the failure handler run on the follower thread.
 */
public final class EventFollower implements AutoCloseable {

  /**
   * What to follow and how.
   *
   * @param topic the topic, usually the events topic
   * @param fromBeginning read the partitions known at the start from their beginning instead of their end
   * @param refreshInterval how often to look for new partitions
   * @param pollTimeout longest wait of one poll (and of one wait for a topic that does not exist yet)
   */
  public record Settings(String topic, boolean fromBeginning, Duration refreshInterval, Duration pollTimeout) {
    public Settings {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(refreshInterval, "refreshInterval");
      Objects.requireNonNull(pollTimeout, "pollTimeout");
    }

    /** Following {@code topic} with a 10 s partition refresh and 100 ms polls. */
    public static Settings of(String topic, boolean fromBeginning) {
      return new Settings(topic, fromBeginning, Duration.ofSeconds(10), Duration.ofMillis(100));
    }
  }

  private static final Duration OFFSETS_TIMEOUT = Duration.ofSeconds(5);

  private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
  private final Settings settings;
  private final Consumer<ConsumerRecord<String, byte[]>> sink;
  private final Consumer<RuntimeException> onFailure;
  private final Set<TopicPartition> assigned = new HashSet<>();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final Thread thread;
  private volatile CompletableFuture<Void> catchUp;
  private Map<TopicPartition, Long> catchUpTarget;
  private boolean positioned;
  private long nextRefreshNanos;

  /**
   * @param sink receives every record, on the follower thread
   * @param onFailure told once if following stops early (the consumer failed), on the follower thread
   */
  public EventFollower(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer, Settings settings,
      Consumer<ConsumerRecord<String, byte[]>> sink, Consumer<RuntimeException> onFailure) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    this.thread = new Thread(this::run, "latentq-events-" + settings.topic());
    this.thread.setDaemon(true);
  }

  /**
   * Assigns the topic's current partitions and fixes their start offsets now, so nothing produced after this call is
   * missed even if {@link #start()} comes later. Idempotent; call before {@link #start()}.
   *
   * @return the partitions found, empty when the topic does not exist (yet)
   */
  public Set<TopicPartition> position() {
    if (positioned) {
      return Set.copyOf(assigned);
    }
    Set<TopicPartition> initial = currentPartitions();
    assign(initial);
    if (settings.fromBeginning()) {
      consumer.seekToBeginning(initial);
    } else {
      // Resolved now rather than lazily at the first poll.
      Map<TopicPartition, Long> ends = consumer.endOffsets(initial);
      ends.forEach(consumer::seek);
    }
    positioned = true;
    return initial;
  }

  /** Positions (unless done) and starts following. */
  public void start() {
    position();
    nextRefreshNanos = System.nanoTime() + settings.refreshInterval().toNanos();
    thread.start();
  }

  /**
   * Waits until everything on the topic at the time of the call has been handed to the sink.
   *
   * @return false when that did not happen within {@code timeout}, or following failed
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    CompletableFuture<Void> request = new CompletableFuture<>();
    catchUp = request;
    try {
      request.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    }
  }

  /** Stops the thread and waits up to {@code timeout} for it to close the consumer. */
  public void stop(Duration timeout) throws InterruptedException {
    stopping.countDown();
    if (thread.getState() == Thread.State.NEW) {
      consumer.close();
      return;
    }
    if (thread.isAlive()) {
      consumer.wakeup();
    }
    // From the sink, i.e. the follower thread itself, the loop ends once the sink returns.
    if (thread.isAlive() && Thread.currentThread() != thread) {
      thread.join(timeout);
    }
  }

  /** {@link #stop(Duration)} with 30 s; an interrupt while waiting returns at once with the flag set. */
  @Override
  public void close() {
    try {
      stop(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (stopping.getCount() > 0) {
        refreshIfDue();
        if (assigned.isEmpty()) {
          // Polling without an assignment is an error; wait for the topic to appear.
          answerCatchUp();
          stopping.await(settings.pollTimeout().toMillis(), TimeUnit.MILLISECONDS);
          continue;
        }
        ConsumerRecords<String, byte[]> records = consumer.poll(settings.pollTimeout());
        records.forEach(sink);
        answerCatchUp();
      }
    } catch (WakeupException e) {
      if (stopping.getCount() > 0) {
        fail(e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      fail(e);
    } finally {
      consumer.close();
    }
  }

  private void fail(RuntimeException e) {
    CompletableFuture<Void> request = catchUp;
    if (request != null) {
      request.completeExceptionally(e);
    }
    onFailure.accept(e);
  }

  private void answerCatchUp() {
    CompletableFuture<Void> request = catchUp;
    if (request == null || request.isDone()) {
      catchUpTarget = null;
      return;
    }
    try {
      if (catchUpTarget == null) {
        catchUpTarget = consumer.endOffsets(Set.copyOf(assigned), OFFSETS_TIMEOUT);
      }
      for (Map.Entry<TopicPartition, Long> end : catchUpTarget.entrySet()) {
        if (consumer.position(end.getKey(), OFFSETS_TIMEOUT) < end.getValue()) {
          return;
        }
      }
      request.complete(null);
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      // The broker may be restarting; the next round asks again.
      catchUpTarget = null;
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
