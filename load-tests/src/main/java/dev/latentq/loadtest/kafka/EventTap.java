package dev.latentq.loadtest.kafka;

import dev.latentq.loadtest.ledger.ObservedEvent;
import dev.latentq.loadtest.ledger.RunLedger;
import dev.latentq.protocol.event.EventCodec;
import dev.latentq.protocol.event.InvalidEventException;
import dev.latentq.protocol.event.JobEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;

/**
 * Follows every partition of the events topic on its own thread and feeds each event, stamped with the time it was
 * read, into a {@link RunLedger}. {@link #positionAtEnd()} fixes the partitions' end offsets before any job is
 * produced; partitions added later are read from their beginning. The consumer belongs to the tap's thread once
 * {@link #start(LongSupplier)} ran, and {@link #close()} closes it.
 */
public final class EventTap implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(EventTap.class.getName());
  private static final String CE_ID = "ce_id";
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long REFRESH_NANOS = Duration.ofSeconds(10).toNanos();

  private final Consumer<String, byte[]> consumer;
  private final String topic;
  private final RunLedger ledger;
  private final EventCodec codec = new EventCodec();
  private final Set<TopicPartition> assigned = new HashSet<>();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean stopping;
  private LongSupplier clock;
  private long nextRefresh;

  public EventTap(Consumer<String, byte[]> consumer, String topic, RunLedger ledger) {
    this.consumer = consumer;
    this.topic = topic;
    this.ledger = ledger;
    this.thread = new Thread(this::run, "latentq-load-events");
    this.thread.setDaemon(true);
  }

  /**
   * Assigns the topic's partitions at their current end offsets, so that every event produced afterwards is read.
   *
   * @throws IllegalStateException if the events topic does not exist
   */
  public void positionAtEnd() {
    Set<TopicPartition> partitions = partitions();
    if (partitions.isEmpty()) {
      throw new IllegalStateException("events topic '" + topic + "' does not exist: start the workers (or the "
          + "devstack) first, create the topic, or pass --events-topic");
    }
    assigned.addAll(partitions);
    consumer.assign(Set.copyOf(assigned));
    consumer.endOffsets(partitions).forEach(consumer::seek);
    // position() resolves the seek now rather than at the first poll.
    partitions.forEach(consumer::position);
  }

  /**
   * Starts reading on the tap's thread.
   *
   * @param runClock nanoseconds since the run start, the clock the submissions use
   */
  public void start(LongSupplier runClock) {
    this.clock = runClock;
    nextRefresh = System.nanoTime() + REFRESH_NANOS;
    thread.start();
  }

  /** Whether {@code name} exists on the brokers. Call before {@link #start(LongSupplier)}. */
  public boolean topicExists(String name) {
    List<PartitionInfo> infos = consumer.partitionsFor(name);
    return infos != null && !infos.isEmpty();
  }

  /** Why reading stopped early, if it did. */
  public Optional<RuntimeException> failure() {
    return Optional.ofNullable(failure.get());
  }

  /**
   * Stops reading, waits up to 30 s for the thread, which closes the consumer. If interrupted while waiting, it
   * returns at once with the interrupt flag set; the thread still closes the consumer on its way out.
   */
  @Override
  public void close() {
    stopping = true;
    if (thread.getState() == Thread.State.NEW) {
      consumer.close();
    } else if (thread.isAlive()) {
      consumer.wakeup();
      try {
        thread.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try {
      while (!stopping) {
        refreshIfDue();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          accept(record);
        }
      }
    } catch (WakeupException e) {
      if (!stopping) {
        failure.set(e);
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "Reading events topic '" + topic + "' failed; later events are missed", e);
      failure.set(e);
    } finally {
      consumer.close();
    }
  }

  private void accept(ConsumerRecord<String, byte[]> record) {
    long received = clock.getAsLong();
    JobEvent event;
    try {
      event = codec.decode(record);
    } catch (InvalidEventException e) {
      LOG.log(System.Logger.Level.DEBUG, "Skipping unreadable event: {0}", e.getMessage());
      ledger.unreadable();
      return;
    }
    ledger.observe(ObservedEvent.of(event, ceId(record), received));
  }

  private static String ceId(ConsumerRecord<String, byte[]> record) {
    Header header = record.headers().lastHeader(CE_ID);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private void refreshIfDue() {
    if (System.nanoTime() - nextRefresh < 0) {
      return;
    }
    nextRefresh = System.nanoTime() + REFRESH_NANOS;
    Set<TopicPartition> added = new HashSet<>(partitions());
    added.removeAll(assigned);
    if (!added.isEmpty()) {
      assigned.addAll(added);
      consumer.assign(Set.copyOf(assigned));
      consumer.seekToBeginning(added);
    }
  }

  private Set<TopicPartition> partitions() {
    List<PartitionInfo> infos = consumer.partitionsFor(topic);
    if (infos == null) {
      return Set.of();
    }
    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).collect(Collectors.toSet());
  }
}
