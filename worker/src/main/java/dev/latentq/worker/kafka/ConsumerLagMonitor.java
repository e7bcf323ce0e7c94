package dev.latentq.worker.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how far the consumer group is behind on the jobs topic: per partition, the records between the group's
 * committed offset and the end of the log (read-committed), summed like KEDA's Kafka scaler does. A partition without
 * a committed offset counts from its earliest record, since jobs are never skipped.
 *
 * <p>Polls on a Vert.x timer through the asynchronous Admin API, so no event loop ever blocks. A failed measurement
 * is logged and the last value kept. The listener runs on the Vert.x context that created the monitor. The Admin
 * client is not owned: its creator closes it. Thread-safe.
 */
public final class ConsumerLagMonitor {

  /**
   * What to measure and how often.
   *
   * @param groupId the workers' consumer group
   * @param topic the jobs topic
   * @param interval time between measurements; also the timeout of each Admin call, but at least 5 s (finding the
   *     group coordinator takes a round trip or two)
   */
  public record Settings(String groupId, String topic, Duration interval) {
    public Settings {
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(topic, "topic");
      if (interval.toMillis() < 1) {
        throw new IllegalArgumentException("lag polling interval must be at least 1 ms, got " + interval);
      }
    }
  }

  /**
   * One measurement.
   *
   * @param total records not yet committed, all partitions
   * @param byPartition the same per partition number, ascending
   */
  public record Lag(long total, Map<Integer, Long> byPartition) {
    public Lag {
      byPartition = Collections.unmodifiableMap(new TreeMap<>(byPartition));
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(ConsumerLagMonitor.class);
  private static final Duration MIN_CALL_TIMEOUT = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final Context context;
  private final Admin admin;
  private final Settings settings;
  private final Consumer<Lag> listener;
  private final AtomicReference<Lag> last = new AtomicReference<>();
  private final AtomicBoolean polling = new AtomicBoolean();
  private final AtomicBoolean failing = new AtomicBoolean();
  private long timerId = -1;

  /** @param listener receives each successful measurement, e.g. to feed a gauge */
  public ConsumerLagMonitor(Vertx vertx, Admin admin, Settings settings, Consumer<Lag> listener) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.context = vertx.getOrCreateContext();
    this.admin = Objects.requireNonNull(admin, "admin");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Measures now and then every interval, skipping a tick while the previous measurement still runs. */
  public synchronized void start() {
    if (timerId < 0) {
      timerId = vertx.setPeriodic(0, settings.interval().toMillis(), id -> {
        if (polling.compareAndSet(false, true)) {
          poll().onComplete(ar -> polling.set(false));
        }
      });
    }
  }

  /** Stops the periodic measurement; one already running still completes. */
  public synchronized void stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  /** The last successful measurement, empty before the first. */
  public Optional<Lag> lastLag() {
    return Optional.ofNullable(last.get());
  }

  /** Measures once; on success keeps the result and tells the listener, on failure logs and keeps the old value. */
  public Future<Lag> poll() {
    return measure().onSuccess(lag -> {
      last.set(lag);
      if (failing.compareAndSet(true, false)) {
        LOG.info("Consumer lag of group {} on {} is measurable again: {}", settings.groupId(), settings.topic(),
            lag.total());
      }
      listener.accept(lag);
    }).onFailure(this::logFailure);
  }

  private Future<Lag> measure() {
    long callTimeout = Math.max(MIN_CALL_TIMEOUT.toMillis(), settings.interval().toMillis());
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, callTimeout);
    Future<List<TopicPartition>> partitions = fromKafka(admin.describeTopics(List.of(settings.topic()),
            new DescribeTopicsOptions().timeoutMs(timeoutMs)).allTopicNames())
        .map(topics -> topics.get(settings.topic()).partitions().stream()
            .map(info -> new TopicPartition(settings.topic(), info.partition())).toList());
    return partitions.compose(tps -> {
      Future<Map<TopicPartition, OffsetAndMetadata>> committed = fromKafka(admin.listConsumerGroupOffsets(
          settings.groupId(), new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs))
          .partitionsToOffsetAndMetadata());
      Future<Map<TopicPartition, ListOffsetsResultInfo>> earliest = offsets(tps, OffsetSpec.earliest(), timeoutMs);
      Future<Map<TopicPartition, ListOffsetsResultInfo>> latest = offsets(tps, OffsetSpec.latest(), timeoutMs);
      return Future.all(committed, earliest, latest)
          .map(all -> lag(tps, committed.result(), earliest.result(), latest.result()));
    });
  }

  private Future<Map<TopicPartition, ListOffsetsResultInfo>> offsets(List<TopicPartition> tps, OffsetSpec spec,
      int timeoutMs) {
    Map<TopicPartition, OffsetSpec> request = tps.stream().collect(Collectors.toMap(Function.identity(), tp -> spec));
    ListOffsetsOptions options = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
    options.timeoutMs(timeoutMs);
    return fromKafka(admin.listOffsets(request, options).all());
  }

  private static Lag lag(List<TopicPartition> tps, Map<TopicPartition, OffsetAndMetadata> committed,
      Map<TopicPartition, ListOffsetsResultInfo> earliest, Map<TopicPartition, ListOffsetsResultInfo> latest) {
    Map<Integer, Long> byPartition = new HashMap<>();
    long total = 0;
    for (TopicPartition tp : tps) {
      long start = earliest.get(tp).offset();
      long end = latest.get(tp).offset();
      OffsetAndMetadata commit = committed.get(tp);
      // Records below the log start were deleted by retention: they can no longer be consumed, so are no lag.
      long position = commit == null ? start : Math.max(start, commit.offset());
      long lag = Math.max(0, end - position);
      byPartition.put(tp.partition(), lag);
      total += lag;
    }
    return new Lag(total, byPartition);
  }

  private <T> Future<T> fromKafka(KafkaFuture<T> future) {
    // Admin futures complete on the Admin's network thread; hop back to our context for the callbacks.
    return Future.fromCompletionStage(future.toCompletionStage(), context).recover(e -> Future.failedFuture(
        e instanceof CompletionException && e.getCause() != null ? e.getCause() : e));
  }

  private void logFailure(Throwable cause) {
    String message = "Cannot measure the consumer lag of group " + settings.groupId() + " on " + settings.topic()
        + " (" + cause + "); keeping the last value ("
        + lastLag().map(lag -> String.valueOf(lag.total())).orElse("none yet") + "). Check that the topic exists and the brokers are reachable";
    if (failing.compareAndSet(false, true)) {
      LOG.warn(message, cause);
    } else {
      LOG.debug(message);
    }
  }
}
