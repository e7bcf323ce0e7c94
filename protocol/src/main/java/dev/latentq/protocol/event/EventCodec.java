package dev.latentq.protocol.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.latentq.protocol.ProtocolJson;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes {@link JobEvent}s as Kafka records in the CloudEvents Kafka binding, binary mode, and reads them back.
 *
 * <p>A record carries {@code ce_specversion: 1.0}, {@code ce_id} (see {@link JobEvent#eventId()}),
 * {@code ce_source: /latentq}, {@code ce_type: dev.latentq.job.<kind>}, {@code ce_subject} and the record key = job
 * id, {@code ce_time} (RFC 3339), {@code content-type: application/json}, and the data record as the JSON value.
 * Reading tolerates unknown data fields so that older clients keep working with newer workers. Thread-safe.
 */
public final class EventCodec {

  /** The {@code ce_source} of every LatentQ event; with {@code ce_id} it identifies an event across workers. */
  public static final URI SOURCE = URI.create("/latentq");
  /** The {@code content-type} of the event data. */
  public static final String CONTENT_TYPE = "application/json";

  private final ObjectReader reader = ProtocolJson.reader();

  /** The record for {@code event} on {@code topic}, keyed by job id, with the partition left to the partitioner. */
  public ProducerRecord<String, byte[]> encode(JobEvent event, String topic) {
    CloudEvent cloudEvent = CloudEventBuilder.v1()
        .withId(event.eventId())
        .withSource(SOURCE)
        .withType(event.type().ceType())
        .withSubject(event.jobId())
        .withTime(event.time().atOffset(ZoneOffset.UTC))
        .withDataContentType(CONTENT_TYPE)
        .withData(json(event))
        .build();
    return KafkaMessageFactory.<String>createWriter(topic, event.jobId()).writeBinary(cloudEvent);
  }

  /**
   * The job event in {@code record}.
   *
   * @throws UnknownEventTypeException for a well-formed CloudEvent of a type this version does not know
   * @throws InvalidEventException if the record is not a readable LatentQ job event
   */
  public JobEvent decode(ConsumerRecord<String, byte[]> record) throws InvalidEventException {
    CloudEvent cloudEvent = readCloudEvent(record);
    EventType type = EventType.fromCeType(cloudEvent.getType())
        .orElseThrow(() -> new UnknownEventTypeException(cloudEvent.getType()));
    String where = type.ceType() + " event '" + cloudEvent.getId() + "' at " + position(record);
    String subject = cloudEvent.getSubject();
    if (subject == null || cloudEvent.getTime() == null || cloudEvent.getData() == null) {
      throw new InvalidEventException(where + " lacks ce_subject, ce_time or data: the producer must set all three",
          null);
    }
    String contentType = cloudEvent.getDataContentType();
    if (contentType == null || !contentType.startsWith(CONTENT_TYPE)) {
      throw new InvalidEventException(where + " has content-type '" + contentType + "', expected " + CONTENT_TYPE,
          null);
    }
    JobEvent event = toEvent(type, cloudEvent.getData().toBytes(), cloudEvent.getTime().toInstant(), where);
    if (!event.jobId().equals(subject)) {
      throw new InvalidEventException(
          where + " has data id '" + event.jobId() + "' but ce_subject '" + subject + "': they must be equal", null);
    }
    return event;
  }

  private CloudEvent readCloudEvent(ConsumerRecord<String, byte[]> record) throws InvalidEventException {
    try {
      MessageReader message = KafkaMessageFactory.createReader(record);
      if (message.getEncoding() != Encoding.BINARY) {
        throw new InvalidEventException("record at " + position(record) + " is a " + message.getEncoding()
            + " CloudEvent: LatentQ events use binary mode (ce_* headers, data as value)", null);
      }
      return message.toEvent();
    } catch (CloudEventRWException | IllegalStateException e) {
      throw new InvalidEventException("record at " + position(record) + " is not a binary-mode CloudEvent ("
          + e.getMessage() + "): only LatentQ workers should write to the events topic", e);
    }
  }

  private JobEvent toEvent(EventType type, byte[] data, Instant time, String where) throws InvalidEventException {
    try {
      return switch (type) {
        case ACCEPTED -> new JobEvent.Accepted(reader.readValue(data, AcceptedData.class), time);
        case STARTED -> new JobEvent.Started(reader.readValue(data, StartedData.class), time);
        case PROGRESS -> new JobEvent.Progress(reader.readValue(data, ProgressData.class), time);
        case SUCCEEDED -> new JobEvent.Succeeded(reader.readValue(data, SucceededData.class), time);
        case FAILED -> new JobEvent.Failed(reader.readValue(data, FailedData.class), time);
        case CANCELED -> new JobEvent.Canceled(reader.readValue(data, CanceledData.class), time);
      };
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(where + " has invalid data: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidEventException(where + " has unreadable data: " + e.getMessage(), e);
    }
  }

  private static byte[] json(JobEvent event) {
    try {
      return ProtocolJson.writer().writeValueAsBytes(event.data());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event '" + event.eventId() + "' could not be serialized to JSON", e);
    }
  }

  private static String position(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }
}
