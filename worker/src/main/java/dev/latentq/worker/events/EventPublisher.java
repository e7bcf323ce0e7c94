package dev.latentq.worker.events;

import dev.latentq.protocol.event.EventCodec;
import dev.latentq.protocol.event.JobEvent;
import dev.latentq.worker.kafka.KafkaClientProperties;
import dev.latentq.worker.kafka.WorkerProducer;
import io.vertx.core.Future;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes job events to the events topic as binary-mode CloudEvents (see {@link EventCodec}), keyed by job id.
 *
 * <p>Owns its producer: {@link #close()} closes it, so close this publisher after everything else that shares the
 * producer (e.g. a {@link DeadLetterPublisher}). Thread-safe; futures complete on the caller's Vert.x context.
 */
public final class EventPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

  private final KafkaProducer<String, byte[]> producer;
  private final RecordSender sender;
  private final String topic;
  private final EventCodec codec = new EventCodec();

  /**
   * @param producer configured with {@link KafkaClientProperties#producer} ({@code acks=all}, idempotent)
   * @param topic the events topic, {@code Topics.events()}
   */
  public EventPublisher(KafkaProducer<String, byte[]> producer, String topic) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.sender = new RecordSender(producer);
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  /**
   * Publishes {@code event}. Completes once every in-sync replica has it; fails with a {@link PublishException}
   * when the brokers reject it or do not acknowledge it within the producer's delivery timeout.
   */
  public Future<Void> publish(JobEvent event) {
    return sender.send(codec.encode(event, topic), "event " + event.eventId());
  }

  /**
   * Publishes a non-terminal event (accepted, started, progress) without waiting for it: its job goes on if it
   * cannot be delivered, since only the terminal event gates the offset commit; a failure is logged with its cause.
   */
  public void publishUnawaited(JobEvent event) {
    publish(event).onFailure(e -> LOG.warn("could not publish {} for job {}: {}", event.type(), event.jobId(),
        e.toString(), e));
  }

  /** Completes when every record sent so far is acknowledged or has failed. */
  public Future<Void> flush() {
    return producer.flush();
  }

  /** Sends what is still buffered, then closes the producer. */
  public Future<Void> close() {
    return WorkerProducer.close(producer);
  }
}
