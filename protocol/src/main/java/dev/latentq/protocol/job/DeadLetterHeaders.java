package dev.latentq.protocol.job;

import dev.latentq.protocol.FailureCode;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Header names added to a job record sent to the dead-letter topic (the SmallRye Kafka connector's names). The record
 * keeps its original key, value and headers; these headers are appended, with UTF-8 text values. A record that was
 * dead-lettered twice carries two of each: read the last one ({@link Headers#lastHeader(String)}).
 */
public final class DeadLetterHeaders {

  /** A human-readable reason, e.g. the {@link InvalidJobException} message. */
  public static final String REASON = "dead-letter-reason";
  /** The {@link FailureCode#wireName()}, e.g. {@code invalid_job}. */
  public static final String CODE = "dead-letter-code";
  /** The topic the record was consumed from. */
  public static final String TOPIC = "dead-letter-topic";
  /** The partition the record was consumed from, as decimal text. */
  public static final String PARTITION = "dead-letter-partition";
  /** The offset the record was consumed from, as decimal text. */
  public static final String OFFSET = "dead-letter-offset";
  /** The class name of the exception that rejected the record. */
  public static final String EXCEPTION_CLASS = "dead-letter-exception-class";
  /**
   * Present only when the original value was too large to dead-letter whole: its size in bytes, as decimal text;
   * the value then holds its first bytes.
   */
  public static final String VALUE_TRUNCATED = "dead-letter-value-truncated";

  /** Longest {@link #REASON} kept; a list of violations of a hostile record could otherwise grow without bound. */
  static final int MAX_REASON_LENGTH = 4096;

  private DeadLetterHeaders() {
  }

  /**
   * The headers for the dead-letter copy of {@code source}: its original headers followed by the dead-letter ones.
   *
   * @param code the failure classification, usually {@link JobDecodingException#failureCode()}
   * @param cause the exception that rejected the record; its message becomes the reason
   */
  public static Headers forRejected(ConsumerRecord<?, ?> source, FailureCode code, Exception cause) {
    Headers headers = new RecordHeaders(source.headers().toArray());
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (reason.length() > MAX_REASON_LENGTH) {
      int end = Character.isHighSurrogate(reason.charAt(MAX_REASON_LENGTH - 1))
          ? MAX_REASON_LENGTH - 1 : MAX_REASON_LENGTH;
      reason = reason.substring(0, end) + "...";
    }
    add(headers, REASON, reason);
    add(headers, CODE, code.wireName());
    add(headers, TOPIC, source.topic());
    add(headers, PARTITION, Integer.toString(source.partition()));
    add(headers, OFFSET, Long.toString(source.offset()));
    add(headers, EXCEPTION_CLASS, cause.getClass().getName());
    return headers;
  }

  /** {@link #forRejected(ConsumerRecord, FailureCode, Exception)} for a job rejected at decoding. */
  public static Headers forRejected(ConsumerRecord<?, ?> source, JobDecodingException cause) {
    return forRejected(source, cause.failureCode(), cause);
  }

  private static void add(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
