package dev.latentq.protocol.job;

import dev.latentq.protocol.FailureCode;
import java.util.Optional;

/**
 * A job record was rejected at intake. Both subtypes go to the dead-letter topic, never to a retry.
 *
 * <p>{@link #jobId()} is present only when the record's {@code id} field exists and is valid, so a hostile id is
 * never echoed as an event subject or record key.
 */
public abstract sealed class JobDecodingException extends Exception
    permits MalformedJobException, InvalidJobException {

  private final String jobId;

  JobDecodingException(String message, String jobId, Throwable cause) {
    super(message, cause);
    this.jobId = jobId;
  }

  /** The job's id, if it could be read and is valid. */
  public Optional<String> jobId() {
    return Optional.ofNullable(jobId);
  }

  /** The failure code for the failed event and the {@code dead-letter-code} header. */
  public abstract FailureCode failureCode();
}
