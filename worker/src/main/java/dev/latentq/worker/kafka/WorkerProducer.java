package dev.latentq.worker.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the worker's one Kafka producer, shared by events and dead letters. */
public final class WorkerProducer {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerProducer.class);

  private WorkerProducer() {
  }

  /** A producer with {@code config} (see {@link KafkaClientProperties#producer}). */
  public static KafkaProducer<String, byte[]> create(Vertx vertx, Map<String, String> config) {
    KafkaProducer<String, byte[]> producer = KafkaProducer.create(vertx, config);
    // Every send's own Future reports its failure to the code that handles it (retry, truncated dead letter,
    // redelivery); without a handler Vert.x would also log each one as an unhandled exception.
    producer.exceptionHandler(e -> LOG.debug("producer send failed (handled by its sender): {}", e.toString()));
    return producer;
  }

  /**
   * Closes {@code producer}, completing once the Kafka producer has flushed and stopped. {@code KafkaProducer.close()}
   * of Vert.x 5 completes as soon as the close is scheduled, so a {@code vertx.close()} right after it interrupts
   * the Kafka client mid-close (logged as "Interrupted while joining ioThread"); the write stream's close waits.
   */
  public static Future<Void> close(KafkaProducer<String, byte[]> producer) {
    return producer.asStream().close();
  }
}
