package dev.latentq.worker.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentq.protocol.Topics;
import dev.latentq.worker.events.EventPublisher;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** An {@link EventPublisher} on Kafka's MockProducer, and what it was asked to publish. */
final class RecordedEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  final MockProducer<String, byte[]> producer;
  final EventPublisher publisher;

  /** @param acknowledge whether sends are acknowledged at once; else the test completes or fails them */
  RecordedEvents(Vertx vertx, boolean acknowledge) {
    this.producer = new MockProducer<>(acknowledge, null, new StringSerializer(), new ByteArraySerializer());
    this.publisher = new EventPublisher(KafkaProducer.create(vertx, producer), Topics.DEFAULTS.events());
  }

  /** The kinds of the job's events, in the order they were sent (e.g. {@code accepted}, {@code succeeded}). */
  List<String> kinds(String jobId) {
    return records(jobId).stream().map(RecordedEvents::kind).toList();
  }

  /** The data of the job's last event of {@code kind}. */
  JsonNode data(String jobId, String kind) {
    ProducerRecord<String, byte[]> last = records(jobId).stream().filter(r -> kind(r).equals(kind))
        .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no " + kind + " event for " + jobId));
    try {
      return JSON.readTree(last.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<ProducerRecord<String, byte[]>> records(String jobId) {
    return producer.history().stream().filter(r -> jobId.equals(r.key())).toList();
  }

  private static String kind(ProducerRecord<String, byte[]> record) {
    Header header = record.headers().lastHeader("ce_type");
    String type = header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    return type.substring(type.lastIndexOf('.') + 1);
  }
}
