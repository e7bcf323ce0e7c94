package dev.latentq.loadtest.kafka;

import dev.latentq.loadtest.ledger.ObservedEvent;
import dev.latentq.loadtest.ledger.RunLedger;
import dev.latentq.protocol.client.EventFollower;
import dev.latentq.protocol.event.EventCodec;
import dev.latentq.protocol.event.InvalidEventException;
import dev.latentq.protocol.event.JobEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.Header;

/**
 * Feeds each event of the events topic, stamped with the time it was read, into a {@link RunLedger}, through the
 * protocol's {@link EventFollower}. {@link #positionAtEnd()} fixes the partitions' end offsets before any job is
 * produced; partitions added later are read from their beginning. The consumer belongs to the follower's thread once
 * {@link #start(LongSupplier)} ran, and {@link #close()} closes it.
 */
public final class EventTap implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(EventTap.class.getName());
  private static final String CE_ID = "ce_id";

  private final Consumer<String, byte[]> consumer;
  private final String topic;
  private final RunLedger ledger;
  private final EventCodec codec = new EventCodec();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final EventFollower follower;
  private volatile LongSupplier clock;

  public EventTap(Consumer<String, byte[]> consumer, String topic, RunLedger ledger) {
    this.consumer = consumer;
    this.topic = topic;
    this.ledger = ledger;
    this.follower = new EventFollower(consumer, EventFollower.Settings.of(topic, false), this::accept, e -> {
      LOG.log(System.Logger.Level.ERROR, "Reading events topic '" + topic + "' failed; later events are missed", e);
      failure.set(e);
    });
  }

  /**
   * Assigns the topic's partitions at their current end offsets, so that every event produced afterwards is read.
   *
   * @throws IllegalStateException if the events topic does not exist
   */
  public void positionAtEnd() {
    if (follower.position().isEmpty()) {
      throw new IllegalStateException("events topic '" + topic + "' does not exist: start the workers (or the "
          + "devstack) first, create the topic, or pass --events-topic");
    }
  }

  /**
   * Starts reading on the follower's thread.
   *
   * @param runClock nanoseconds since the run start, the clock the submissions use
   */
  public void start(LongSupplier runClock) {
    this.clock = runClock;
    follower.start();
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
    follower.close();
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
}
