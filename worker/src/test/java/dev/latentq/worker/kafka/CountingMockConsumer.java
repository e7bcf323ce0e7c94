package dev.latentq.worker.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;

/**
 * Kafka's {@link MockConsumer} that counts polls (to see the stream keeps polling while partitions are paused) and
 * rests briefly after an empty poll, as a real consumer's poll timeout would, instead of spinning a core.
 */
final class CountingMockConsumer extends MockConsumer<String, byte[]> {
  private final AtomicLong polls = new AtomicLong();

  CountingMockConsumer() {
    super("earliest");
  }

  @Override
  public ConsumerRecords<String, byte[]> poll(Duration timeout) {
    ConsumerRecords<String, byte[]> records = super.poll(timeout);
    polls.incrementAndGet();
    if (records.isEmpty()) {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return records;
  }

  long polls() {
    return polls.get();
  }
}
