package dev.latentq.worker.kafka;

import dev.latentq.engine.batching.BatchEngine;
import dev.latentq.protocol.control.ControlCodec;
import dev.latentq.protocol.control.ControlMessage;
import dev.latentq.protocol.control.InvalidControlMessageException;
import dev.latentq.worker.config.WorkerConfig.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the control topic — every worker reads every command, so it is assigned all partitions without a group —
 * and cancels the named jobs: queued ones leave the queue, running ones leave the batch at the next step
 * boundary, and a cancel that arrives before its job is remembered for it. A cancel applies only to a job whose
 * record was produced at or before the cancel's record (record timestamps).
 */
public final class ControlVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ControlVerticle.class);

  private final KafkaSettings kafka;
  private final String workerId;
  private final BatchEngine engine;
  private final ControlCodec codec = new ControlCodec();
  private KafkaConsumer<String, byte[]> consumer;

  public ControlVerticle(KafkaSettings kafka, String workerId, BatchEngine engine) {
    this.kafka = kafka;
    this.workerId = workerId;
    this.engine = engine;
  }

  @Override
  public Future<?> start() {
    consumer = KafkaConsumer.create(vertx, KafkaConsumers.controlConsumer(kafka, workerId));
    consumer.exceptionHandler(e -> LOG.warn("control consumer error: {}", e.toString(), e));
    consumer.handler(this::onRecord);
    String topic = kafka.topics().control();
    return consumer.partitionsFor(topic).compose(infos -> {
      Set<TopicPartition> partitions = infos.stream()
          .map(i -> new TopicPartition(topic, i.getPartition())).collect(Collectors.toSet());
      if (partitions.isEmpty()) {
        return Future.failedFuture("control topic '" + topic + "' does not exist: create it (every worker reads all"
            + " its partitions) or set kafka.topics.control");
      }
      return consumer.assign(partitions).compose(v -> consumer.seekToEnd(partitions));
    });
  }

  private void onRecord(KafkaConsumerRecord<String, byte[]> record) {
    try {
      ControlMessage message = codec.decode(record.value());
      if (message instanceof ControlMessage.Cancel cancel) {
        LOG.info("cancel requested for job {}", cancel.id());
        // Only jobs produced before the cancel are canceled: a later job may reuse the id.
        engine.cancel(cancel.id(), "canceled by request", false, RecordTime.of(record.timestamp()));
      }
    } catch (InvalidControlMessageException e) {
      LOG.warn("ignoring invalid control record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
    }
  }

  @Override
  public Future<?> stop() {
    return consumer.close();
  }
}
