package dev.latentq.worker.events;

import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.DeadLetterHeaders;
import dev.latentq.worker.kafka.KafkaClientProperties;
import io.vertx.core.Future;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Copies a job record that cannot be processed to the dead-letter topic: the original key, value and headers (byte
 * for byte, {@code null} header values included), followed by the {@link DeadLetterHeaders} that say where it came
 * from and why it was rejected.
 *
 * <p>Does not own the producer; whoever created it closes it. Thread-safe.
 */
public final class DeadLetterPublisher {

  /** Longest {@link DeadLetterHeaders#REASON} kept, as in the protocol: a hostile record's reason is unbounded. */
  static final int MAX_REASON_LENGTH = 4096;

  /** What is kept of a value too large to dead-letter whole. */
  static final int TRUNCATED_BYTES = 64 * 1024;

  private final RecordSender sender;
  private final String topic;

  /**
   * @param producer configured with {@link KafkaClientProperties#producer}
   * @param topic the dead-letter topic, {@code Topics.deadLetter()}
   */
  public DeadLetterPublisher(KafkaProducer<String, byte[]> producer, String topic) {
    this.sender = new RecordSender(Objects.requireNonNull(producer, "producer"));
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  /**
   * Sends the dead-letter copy of {@code record}. Completes once every in-sync replica has it, so the caller may then
   * commit the source offset; fails with a {@link PublishException} otherwise.
   *
   * @param code the classification, written as {@link DeadLetterHeaders#CODE}
   * @param reason human-readable reason (capped at 4096 characters); {@code null} uses the message of {@code cause}
   * @param cause the exception that rejected the record, written as {@link DeadLetterHeaders#EXCEPTION_CLASS};
   *     {@code null} when there is none, then the header is left out
   */
  public Future<Void> deadLetter(KafkaConsumerRecord<String, byte[]> record, FailureCode code, String reason,
      Throwable cause) {
    ConsumerRecord<String, byte[]> source = record.record();
    Headers headers = headers(source, code, reasonText(reason, cause), cause);
    String what = "dead letter of " + source.topic() + "-" + source.partition() + "@" + source.offset();
    return sender.send(new ProducerRecord<>(topic, null, null, source.key(), source.value(), headers), what)
        .recover(failure -> tooLarge(failure) && source.value() != null && source.value().length > TRUNCATED_BYTES
            ? sender.send(truncated(source, headers), what + " (value truncated)")
            : Future.failedFuture(failure));
  }

  /** A copy keeping the first bytes of a value too large for the topic, so the record is still accounted for. */
  private ProducerRecord<String, byte[]> truncated(ConsumerRecord<String, byte[]> source, Headers headers) {
    Headers marked = new RecordHeaders(headers.toArray());
    add(marked, DeadLetterHeaders.VALUE_TRUNCATED, Integer.toString(source.value().length));
    return new ProducerRecord<>(topic, null, null, source.key(), Arrays.copyOf(source.value(), TRUNCATED_BYTES),
        marked);
  }

  private static boolean tooLarge(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RecordTooLargeException) {
        return true;
      }
    }
    return false;
  }

  private static Headers headers(ConsumerRecord<?, ?> source, FailureCode code, String reason, Throwable cause) {
    Headers headers = new RecordHeaders(source.headers().toArray());
    add(headers, DeadLetterHeaders.REASON, reason);
    add(headers, DeadLetterHeaders.CODE, code.wireName());
    add(headers, DeadLetterHeaders.TOPIC, source.topic());
    add(headers, DeadLetterHeaders.PARTITION, Integer.toString(source.partition()));
    add(headers, DeadLetterHeaders.OFFSET, Long.toString(source.offset()));
    if (cause != null) {
      add(headers, DeadLetterHeaders.EXCEPTION_CLASS, cause.getClass().getName());
    }
    return headers;
  }

  static String reasonText(String reason, Throwable cause) {
    String text = reason != null ? reason
        : cause == null ? "no reason given"
        : cause.getMessage() != null ? cause.getMessage()
        : cause.getClass().getSimpleName();
    if (text.length() <= MAX_REASON_LENGTH) {
      return text;
    }
    // Never cut a surrogate pair in half: the header must stay valid UTF-8.
    int end = Character.isHighSurrogate(text.charAt(MAX_REASON_LENGTH - 1)) ? MAX_REASON_LENGTH - 1
        : MAX_REASON_LENGTH;
    return text.substring(0, end) + "...";
  }

  private static void add(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
