package dev.latentq.loadtest.faults;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends hostile records 0 to {@code count - 1} to the jobs topic, spread evenly over a duration, on its own thread,
 * while the load generator sends good jobs, so that both interleave on every partition. Thread-safe.
 */
public final class HostileFeeder implements AutoCloseable {

  private static final long TICK_NANOS = Duration.ofMillis(50).toNanos();
  private static final Duration CLOSE = Duration.ofSeconds(60);

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final int count;
  private final long spanNanos;
  private final HostileRecords records;
  private final Set<Integer> delivered = new TreeSet<>();
  private final Map<Integer, String> failures = new TreeMap<>();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private volatile RuntimeException failure;

  private HostileFeeder(Producer<String, byte[]> producer, String topic, HostileRecords records, int count,
      Duration over) {
    this.producer = producer;
    this.records = records;
    this.topic = topic;
    this.count = count;
    this.spanNanos = over.toNanos();
    this.thread = new Thread(this::run, "latentq-fault-hostile");
    this.thread.setDaemon(true);
  }

  /** Starts sending records 0 to {@code count - 1} of {@code records} over {@code over}. */
  public static HostileFeeder start(String bootstrapServers, String topic, HostileRecords records, int count,
      Duration over) {
    if (count < 0) {
      throw new IllegalArgumentException("hostile record count must be >= 0, got " + count);
    }
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "latentq-fault-hostile");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // The broker, not this producer, must be the judge of the largest records.
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
    HostileFeeder feeder = new HostileFeeder(new KafkaProducer<>(config, new StringSerializer(),
        new ByteArraySerializer()), topic, records, count, over);
    feeder.thread.start();
    return feeder;
  }

  /**
   * Waits until every record was sent and acknowledged (or failed).
   *
   * @return false if that did not happen within {@code timeout}
   */
  public boolean awaitDone(Duration timeout) throws InterruptedException {
    thread.join(timeout);
    return !thread.isAlive();
  }

  /** Indexes of the records the broker acknowledged. */
  public synchronized Set<Integer> delivered() {
    return Set.copyOf(delivered);
  }

  /** Records the producer could not deliver, by index, with the reason. */
  public synchronized Map<Integer, String> failures() {
    Map<Integer, String> copy = new TreeMap<>(failures);
    if (failure != null) {
      copy.put(-1, "the feeder thread failed: " + failure);
    }
    return copy;
  }

  /** Stops sending; records already handed to the producer are still delivered. */
  @Override
  public void close() throws InterruptedException {
    stop.countDown();
    if (!awaitDone(CLOSE.plusSeconds(10))) {
      throw new IllegalStateException("the hostile record feeder did not stop within " + CLOSE.plusSeconds(10));
    }
  }

  private void run() {
    long start = System.nanoTime();
    int next = 0;
    try {
      while (next < count) {
        long due = count == 1 ? 0 : (long) ((double) spanNanos * next / (count - 1));
        long wait = due - (System.nanoTime() - start);
        if (wait > 0 && stop.await(Math.min(wait, TICK_NANOS), TimeUnit.NANOSECONDS)) {
          break;
        }
        if (wait > TICK_NANOS) {
          continue;
        }
        send(records.record(next));
        next++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      producer.close(CLOSE);
    }
  }

  private void send(HostileRecord record) {
    try {
      producer.send(record.toProducerRecord(topic), (meta, error) -> {
        synchronized (this) {
          if (error == null) {
            delivered.add(record.index());
          } else {
            failures.put(record.index(), error.toString());
          }
        }
      });
    } catch (RuntimeException e) {
      synchronized (this) {
        failures.put(record.index(), e.toString());
      }
    }
  }
}
