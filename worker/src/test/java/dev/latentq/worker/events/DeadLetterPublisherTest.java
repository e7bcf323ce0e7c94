package dev.latentq.worker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.devstack.KafkaBroker;
import dev.latentq.devstack.KafkaBrokerConfig;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.DeadLetterHeaders;
import dev.latentq.protocol.job.JobCodec;
import dev.latentq.protocol.job.JobDecodingException;
import dev.latentq.protocol.job.MalformedJobException;
import dev.latentq.worker.kafka.KafkaClientProperties;
import dev.latentq.worker.kafka.ProducerTuning;
import dev.latentq.worker.kafka.WorkerProducer;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.impl.KafkaConsumerRecordImpl;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class DeadLetterPublisherTest {

  private static final String JOBS = "latentq.jobs";
  private static final String DLQ = "latentq.jobs.dlq";

  @TempDir
  static Path dataDir;
  static KafkaBroker broker;
  static Vertx vertx;
  static KafkaProducer<String, byte[]> producer;

  @BeforeAll
  static void startBroker() {
    broker = new KafkaBroker(KafkaBrokerConfig.builder(dataDir).build()).start();
    broker.createTopics(Map.of(JOBS, 2, DLQ, 1, "reasons.dlq", 1, "nocause.dlq", 1, "big.dlq", 1));
    vertx = Vertx.vertx();
    producer = WorkerProducer.create(vertx, KafkaClientProperties.producer(broker.bootstrapServers(), Map.of(),
        "worker-a", new ProducerTuning(Duration.ofMillis(5), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(1))));
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (producer != null) {
      WorkerProducer.close(producer).await(30, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    if (broker != null) {
      broker.stop();
    }
  }

  @Test
  void deadLetterKeepsOriginalKeyValueAndHeadersAndAddsWhereAndWhy() throws Exception {
    byte[] value = "{\"id\": \"bad-1\", ".getBytes(StandardCharsets.UTF_8);
    RecordHeaders original = new RecordHeaders(new Header[] {
        new RecordHeader("traceparent", "00-4bf92f3577b34da6-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8)),
        new RecordHeader("no-value", null)});
    KafkaConsumerRecord<String, byte[]> source = produceAndConsume("bad-1", value, original);
    JobDecodingException rejection = decodingFailure(value);

    new DeadLetterPublisher(producer, DLQ).deadLetter(source, rejection.failureCode(), null, rejection)
        .await(30, TimeUnit.SECONDS);

    ConsumerRecord<String, byte[]> letter = KafkaTestSupport.read(broker.bootstrapServers(), DLQ, 1, 1).getFirst();
    assertThat(letter.key()).isEqualTo("bad-1");
    assertThat(letter.value()).isEqualTo(value);
    List<Header> headers = List.of(letter.headers().toArray());
    assertThat(headers).extracting(Header::key).containsExactly("traceparent", "no-value",
        DeadLetterHeaders.REASON, DeadLetterHeaders.CODE, DeadLetterHeaders.TOPIC, DeadLetterHeaders.PARTITION,
        DeadLetterHeaders.OFFSET, DeadLetterHeaders.EXCEPTION_CLASS);
    assertThat(headers.get(0).value()).isEqualTo(original.lastHeader("traceparent").value());
    assertThat(headers.get(1).value()).as("a null header value survives").isNull();
    assertThat(text(letter, DeadLetterHeaders.REASON)).isEqualTo(rejection.getMessage());
    assertThat(text(letter, DeadLetterHeaders.CODE)).isEqualTo("invalid_json");
    assertThat(text(letter, DeadLetterHeaders.TOPIC)).isEqualTo(JOBS);
    assertThat(text(letter, DeadLetterHeaders.PARTITION)).isEqualTo(Integer.toString(source.partition()));
    assertThat(text(letter, DeadLetterHeaders.OFFSET)).isEqualTo(Long.toString(source.offset()));
    assertThat(text(letter, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(MalformedJobException.class.getName());
  }

  @Test
  void aValueLargerThanTheBrokerTakesIsDeadLetteredTruncatedWithItsSize() throws Exception {
    byte[] incompressible = new byte[1_500_000];
    new SplittableRandom(1).nextBytes(incompressible);
    byte[] compressible = "{\"prompt\": \"".concat("a".repeat(1_500_000)).getBytes(StandardCharsets.UTF_8);
    DeadLetterPublisher publisher = new DeadLetterPublisher(producer, "big.dlq");

    publisher.deadLetter(synthetic("noise", incompressible), FailureCode.INVALID_JSON, "huge", null)
        .await(30, TimeUnit.SECONDS);
    publisher.deadLetter(synthetic("prompt", compressible), FailureCode.INVALID_JOB, "huge prompt", null)
        .await(30, TimeUnit.SECONDS);

    List<ConsumerRecord<String, byte[]>> letters = KafkaTestSupport.read(broker.bootstrapServers(), "big.dlq", 1, 2);
    ConsumerRecord<String, byte[]> noise = letters.get(0);
    assertThat(noise.value()).isEqualTo(Arrays.copyOf(incompressible, DeadLetterPublisher.TRUNCATED_BYTES));
    assertThat(text(noise, DeadLetterHeaders.VALUE_TRUNCATED)).isEqualTo("1500000");
    assertThat(text(noise, DeadLetterHeaders.REASON)).isEqualTo("huge");
    ConsumerRecord<String, byte[]> prompt = letters.get(1);
    assertThat(prompt.value()).as("compression lets a repetitive 1.5 MB value through whole").isEqualTo(compressible);
    assertThat(prompt.headers().lastHeader(DeadLetterHeaders.VALUE_TRUNCATED)).isNull();
  }

  private static KafkaConsumerRecord<String, byte[]> synthetic(String key, byte[] value) {
    return new KafkaConsumerRecordImpl<>(new ConsumerRecord<>(JOBS, 0, 7L, key,
        value));
  }

  @Test
  void givenReasonWinsOverTheExceptionMessageAndIsCapped() throws Exception {
    KafkaConsumerRecord<String, byte[]> source = produceAndConsume(null, new byte[0], new RecordHeaders());
    String reason = "x".repeat(5_000);

    new DeadLetterPublisher(producer, "reasons.dlq")
        .deadLetter(source, FailureCode.INVALID_JOB, reason, new IllegalStateException("not this"))
        .await(30, TimeUnit.SECONDS);

    ConsumerRecord<String, byte[]> letter =
        KafkaTestSupport.read(broker.bootstrapServers(), "reasons.dlq", 1, 1).getFirst();
    assertThat(letter.key()).isNull();
    assertThat(letter.value()).isEmpty();
    assertThat(text(letter, DeadLetterHeaders.REASON)).isEqualTo("x".repeat(4_096) + "...");
    assertThat(text(letter, DeadLetterHeaders.CODE)).isEqualTo("invalid_job");
    assertThat(text(letter, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(IllegalStateException.class.getName());
  }

  @Test
  void reasonCapNeverSplitsASurrogatePair() {
    String reason = "a".repeat(4_095) + "\uD83E\uDD8A" + "tail";

    assertThat(DeadLetterPublisher.reasonText(reason, null)).isEqualTo("a".repeat(4_095) + "...");
  }

  @Test
  void withoutACauseTheExceptionClassHeaderIsLeftOut() throws Exception {
    KafkaConsumerRecord<String, byte[]> source = produceAndConsume("k", new byte[] {1}, new RecordHeaders());

    new DeadLetterPublisher(producer, "nocause.dlq").deadLetter(source, FailureCode.UNKNOWN_MODEL, null, null)
        .await(30, TimeUnit.SECONDS);

    ConsumerRecord<String, byte[]> letter =
        KafkaTestSupport.read(broker.bootstrapServers(), "nocause.dlq", 1, 1).getFirst();
    assertThat(letter.key()).isEqualTo("k");
    assertThat(text(letter, DeadLetterHeaders.REASON)).isEqualTo("no reason given");
    assertThat(letter.headers().lastHeader(DeadLetterHeaders.EXCEPTION_CLASS)).isNull();
  }

  @Test
  void deadLetteringToAMissingTopicFailsTheFuture() throws Exception {
    KafkaConsumerRecord<String, byte[]> source = produceAndConsume("k2", new byte[] {2}, new RecordHeaders());

    assertThatThrownBy(() -> new DeadLetterPublisher(producer, "missing.dlq")
        .deadLetter(source, FailureCode.INVALID_JSON, "broken", null).await(30, TimeUnit.SECONDS))
        .isInstanceOf(PublishException.class)
        .hasMessageContaining("dead letter of " + JOBS + "-" + source.partition() + "@" + source.offset())
        .hasMessageContaining("missing.dlq");
  }

  /** Writes a raw job record and reads it back as the intake would see it. */
  private static KafkaConsumerRecord<String, byte[]> produceAndConsume(String key, byte[] value,
      RecordHeaders headers) throws Exception {
    Map<String, Object> config = Map.of("bootstrap.servers", broker.bootstrapServers(),
        "key.serializer", StringSerializer.class.getName(), "value.serializer", ByteArraySerializer.class.getName());
    long offset;
    int partition;
    try (var raw = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(config)) {
      var metadata = raw.send(new ProducerRecord<>(JOBS, null, key, value, headers)).get(30, TimeUnit.SECONDS);
      offset = metadata.offset();
      partition = metadata.partition();
    }
    ConsumerRecord<String, byte[]> consumed =
        KafkaTestSupport.readAt(broker.bootstrapServers(), new TopicPartition(JOBS, partition), offset);
    assertThat(StreamSupport.stream(consumed.headers().spliterator(), false).count())
        .isEqualTo(headers.toArray().length);
    return new KafkaConsumerRecordImpl<>(consumed);
  }

  private static JobDecodingException decodingFailure(byte[] value) {
    try {
      new JobCodec().decode(value);
    } catch (JobDecodingException e) {
      return e;
    }
    throw new AssertionError("expected the value to be rejected");
  }

  private static String text(ConsumerRecord<String, byte[]> record, String header) {
    return new String(record.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
  }
}
