package dev.latentq.loadtest.faults;

import dev.latentq.protocol.FailureCode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One hostile job record. The value is shared, not copied: do not modify it.
 *
 * @param index its number in the run, from 0; also in the {@value HostileRecords#INDEX_HEADER} header
 * @param kind what is wrong with it
 * @param key nullable: the record key
 * @param value nullable (a tombstone): the record value
 * @param jobId nullable: the valid job id the worker can read from it (it publishes a failed event for it when the
 *     record's key is that id, see {@link #failedEventFor()})
 */
public record HostileRecord(int index, HostileKind kind, String key, byte[] value, String jobId) {

  public HostileRecord {
    Objects.requireNonNull(kind, "kind");
  }

  /**
   * The job id the worker must publish a failed event for, or null: only an id that the record key confirms, since
   * a record keyed otherwise may not speak for that job.
   */
  public String failedEventFor() {
    return jobId != null && jobId.equals(key) ? jobId : null;
  }

  /**
   * The job id that must get no event at all, or null: the id of a valid job whose record key is wrong (a key-level
   * kind), which the worker must dead-letter without running or failing it.
   */
  public String noEventFor() {
    return kind.keyLevel() ? jobId : null;
  }

  /**
   * The code the worker must dead-letter the record with: its kind's, except that a job that decodes but whose
   * record key is not its id is an invalid job (keys choose partitions, so the id could run on two workers).
   */
  public FailureCode expectedCode() {
    boolean decodes = kind.code() != FailureCode.INVALID_JSON && kind.code() != FailureCode.INVALID_JOB;
    return decodes && (jobId == null || !jobId.equals(key)) ? FailureCode.INVALID_JOB : kind.code();
  }

  /** The index and kind headers. */
  public List<Header> headers() {
    return HostileRecords.headers(index, kind);
  }

  /** The record to send to {@code topic}. */
  public ProducerRecord<String, byte[]> toProducerRecord(String topic) {
    return new ProducerRecord<>(topic, null, null, key, value, headers());
  }

  /** The SHA-256 of the value as hex, or {@code "null"} for a tombstone, to compare with the dead-letter copy. */
  public String valueDigest() {
    return digest(value);
  }

  /** The SHA-256 of {@code bytes} as hex, or {@code "null"}. */
  static String digest(byte[] bytes) {
    if (bytes == null) {
      return "null";
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
