package dev.latentq.loadtest.faults;

import dev.latentq.protocol.client.EventFollower;
import dev.latentq.protocol.event.EventCodec;
import dev.latentq.protocol.event.InvalidEventException;
import dev.latentq.protocol.event.JobEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the whole events topic of a fault run from its beginning, on its own thread, for the whole run: which worker
 * is running which job right now (to kill one mid-batch), and afterwards every event of every job (also of jobs the
 * load generator did not submit, such as hostile records with a readable id). Unlike the load generator's ledger it
 * keeps reading after the run ends, so late duplicates are seen too. Thread-safe.
 */
public final class EventAudit implements AutoCloseable {

  private static final String CE_ID = "ce_id";

  private final EventCodec codec = new EventCodec();
  private final Map<String, List<SeenEvent>> byJob = new LinkedHashMap<>();
  private final Map<String, String> runningOn = new HashMap<>();
  private final EventFollower follower;
  private long unreadable;
  private volatile RuntimeException failure;

  private EventAudit(Consumer<String, byte[]> consumer, String topic) {
    this.follower = new EventFollower(consumer, EventFollower.Settings.of(topic, true), this::accept,
        e -> failure = e);
  }

  /**
   * Starts reading {@code topic} from its beginning.
   *
   * @throws IllegalStateException if the topic does not exist
   */
  public static EventAudit start(String bootstrapServers, String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "latentq-fault-events");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
        new ByteArrayDeserializer());
    EventAudit audit = new EventAudit(consumer, topic);
    try {
      if (audit.follower.position().isEmpty()) {
        throw new IllegalStateException("events topic '" + topic + "' does not exist on " + bootstrapServers
            + ": start the cluster (LocalCluster creates it) before the audit");
      }
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
    audit.follower.start();
    return audit;
  }

  /** Jobs started and not yet ended, per worker id: the workers that are in the middle of a batch. */
  public synchronized Map<String, Integer> runningJobs() {
    Map<String, Integer> counts = new TreeMap<>();
    runningOn.values().forEach(worker -> counts.merge(worker, 1, Integer::sum));
    return counts;
  }

  /** Forgets the running jobs of a worker that was killed: they run nowhere until redelivered. */
  public synchronized void forgetRunning(String workerId) {
    runningOn.values().removeIf(workerId::equals);
  }

  /**
   * Waits until everything on the topic at the time of the call has been read.
   *
   * @return false when that did not happen within {@code timeout} (or reading failed)
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return follower.awaitCaughtUp(timeout);
  }

  /** Why reading stopped, if it did. */
  public RuntimeException failure() {
    return failure;
  }

  /** Everything read so far. */
  public synchronized EventLog snapshot() {
    Map<String, List<SeenEvent>> copy = new LinkedHashMap<>();
    byJob.forEach((id, events) -> copy.put(id, List.copyOf(events)));
    return new EventLog(copy, unreadable);
  }

  @Override
  public void close() {
    follower.close();
  }

  private void accept(ConsumerRecord<String, byte[]> record) {
    JobEvent event;
    try {
      event = codec.decode(record);
    } catch (InvalidEventException e) {
      synchronized (this) {
        unreadable++;
      }
      return;
    }
    if (event instanceof JobEvent.Progress) {
      return;
    }
    Header header = record.headers().lastHeader(CE_ID);
    String ceId = header == null || header.value() == null ? event.eventId()
        : new String(header.value(), StandardCharsets.UTF_8);
    synchronized (this) {
      byJob.computeIfAbsent(event.jobId(), id -> new ArrayList<>(4)).add(new SeenEvent(event, ceId));
      switch (event) {
        case JobEvent.Started started -> runningOn.put(event.jobId(), started.data().workerId());
        case JobEvent.Succeeded s -> runningOn.remove(event.jobId());
        case JobEvent.Failed f -> runningOn.remove(event.jobId());
        case JobEvent.Canceled c -> runningOn.remove(event.jobId());
        default -> { }
      }
    }
  }
}
