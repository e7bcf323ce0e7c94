package dev.latentq.worker.events;

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
}
