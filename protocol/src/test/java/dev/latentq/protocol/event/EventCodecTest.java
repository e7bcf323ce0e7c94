package dev.latentq.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {

  private final EventCodec codec = new EventCodec();

  static Stream<JobEvent> everyEventType() {
    return SampleEvents.all("job-1").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyEventType")
  void roundTripsEveryEventTypeThroughAKafkaRecord(JobEvent event) throws Exception {
    ProducerRecord<String, byte[]> record = codec.encode(event, "latentq.events");

    assertThat(codec.decode(consumed(record))).isEqualTo(event);
  }

  @Test
  void writesBinaryModeCloudEventHeadersKeyedByJobId() {
    ProducerRecord<String, byte[]> record = codec.encode(SampleEvents.succeeded("job-1"), "latentq.events");

    assertThat(record.topic()).isEqualTo("latentq.events");
    assertThat(record.key()).isEqualTo("job-1");
    assertThat(record.partition()).isNull();
    assertThat(headers(record.headers())).containsExactlyInAnyOrderEntriesOf(Map.of(
        "ce_specversion", "1.0",
        "ce_id", "job-1/succeeded",
        "ce_source", "/latentq",
        "ce_type", "dev.latentq.job.succeeded",
        "ce_subject", "job-1",
        "ce_time", "2026-11-26T10:00:01.25Z",
        "content-type", "application/json"));
  }

  @Test
  void writesTheDataRecordAsTheJsonValue() {
    ProducerRecord<String, byte[]> record = codec.encode(SampleEvents.failed("job-1"), "latentq.events");

    assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"job-1\","
        + "\"code\":\"storage_unavailable\",\"message\":\"bucket latentq-out is unreachable: check the S3 endpoint\","
        + "\"retryable\":true,\"workerId\":\"worker-a\",\"metadata\":{\"user\":7,\"tags\":[\"fox\"]}}");
  }

  @Test
  void eventIdsAreDeterministicSoRedeliveriesRepeatThem() {
    assertThat(SampleEvents.all("job-1")).extracting(JobEvent::eventId).containsExactly("job-1/accepted",
        "job-1/started", "job-1/progress/10", "job-1/succeeded", "job-1/failed", "job-1/canceled");
    assertThat(header(codec.encode(SampleEvents.progress("job-1", 10), "t"), "ce_id"))
        .isEqualTo(header(codec.encode(SampleEvents.progress("job-1", 10), "t"), "ce_id"))
        .isEqualTo("job-1/progress/10");
  }

  @Test
  void toleratesUnknownDataFieldsFromNewerWorkers() throws Exception {
    ProducerRecord<String, byte[]> record = codec.encode(SampleEvents.progress("job-1", 3), "latentq.events");
    byte[] newer = "{\"id\":\"job-1\",\"step\":3,\"totalSteps\":30,\"etaMs\":900}".getBytes(StandardCharsets.UTF_8);

    JobEvent event = codec.decode(consumed(record.headers(), newer));

    assertThat(event).isEqualTo(SampleEvents.progress("job-1", 3));
  }

  @Test
  void reportsAnUnknownEventTypeSeparately() {
    Headers headers = codec.encode(SampleEvents.accepted("job-1"), "t").headers();
    headers.remove("ce_type");
    headers.add("ce_type", "dev.latentq.job.paused".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> codec.decode(consumed(headers, "{}".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOfSatisfying(UnknownEventTypeException.class,
            e -> assertThat(e.ceType()).isEqualTo("dev.latentq.job.paused"));
  }

  @Test
  void rejectsARecordWithoutCloudEventHeaders() {
    assertThatThrownBy(() -> codec.decode(consumed(new RecordHeaders(), "{}".getBytes(StandardCharsets.UTF_8))))
        .isExactlyInstanceOf(InvalidEventException.class)
        .hasMessageContaining("latentq.events-0@5");
  }

  @Test
  void rejectsDataThatLacksARequiredField() {
    Headers headers = codec.encode(SampleEvents.canceled("job-1"), "t").headers();
    byte[] data = "{\"id\":\"job-1\",\"reason\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> codec.decode(consumed(headers, data)))
        .isExactlyInstanceOf(InvalidEventException.class)
        .hasMessageContaining("dev.latentq.job.canceled event 'job-1/canceled'")
        .hasMessageContaining("workerId");
  }

  @Test
  void rejectsAMissingPrimitiveRatherThanReadingZero() {
    Headers headers = codec.encode(SampleEvents.progress("job-1", 3), "t").headers();
    byte[] data = "{\"id\":\"job-1\",\"totalSteps\":30}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> codec.decode(consumed(headers, data))).isExactlyInstanceOf(InvalidEventException.class);
  }

  @Test
  void rejectsDataWhoseIdDiffersFromTheSubject() {
    Headers headers = codec.encode(SampleEvents.canceled("job-1"), "t").headers();
    byte[] data = "{\"id\":\"job-2\",\"reason\":\"x\",\"workerId\":\"w\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> codec.decode(consumed(headers, data)))
        .isExactlyInstanceOf(InvalidEventException.class)
        .hasMessageContaining("data id 'job-2' but ce_subject 'job-1'");
  }

  private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> record) {
    return consumed(record.headers(), record.value());
  }

  private static ConsumerRecord<String, byte[]> consumed(Headers headers, byte[] value) {
    return new ConsumerRecord<>("latentq.events", 0, 5L, 0L, TimestampType.CREATE_TIME, 0, value.length, "job-1",
        value, headers, java.util.Optional.empty());
  }

  private static String header(ProducerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static Map<String, String> headers(Headers headers) {
    Map<String, String> map = new LinkedHashMap<>();
    Arrays.stream(headers.toArray()).forEach((Header h) -> map.merge(h.key(),
        new String(h.value(), StandardCharsets.UTF_8), (a, b) -> a + "," + b));
    return map;
  }
}
