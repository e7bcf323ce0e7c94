package dev.latentq.worker.events;

import io.vertx.core.Future;
import io.vertx.kafka.client.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends native Kafka records through a Vert.x producer and turns failures into {@link PublishException}s that name
 * the record and the likely fix.
 *
 * <p>Records go out as they are, through {@link KafkaProducer#asStream()}, rather than as
 * {@code KafkaProducerRecord}s: that conversion cannot carry a header with a {@code null} value, which a dead-lettered
 * record from an arbitrary producer may have.
 */
final class RecordSender {

  private final KafkaProducer<String, byte[]> producer;

  RecordSender(KafkaProducer<String, byte[]> producer) {
    this.producer = producer;
  }

  /** Completes when every in-sync replica has the record; {@code what} names the record in error messages. */
  Future<Void> send(ProducerRecord<String, byte[]> record, String what) {
    Future<?> sent;
    try {
      sent = producer.asStream().send(record);
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    return sent.<Void>mapEmpty().recover(cause -> Future.failedFuture(new PublishException(
        what + " could not be published to topic " + record.topic() + ": " + cause
            + ". Check that the topic exists (the worker does not create topics) and that the brokers are reachable",
        cause)));
  }
}
