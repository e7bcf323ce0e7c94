package dev.latentq.protocol.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentq.protocol.FailureCode;
import java.util.Objects;
import java.util.Optional;

/**
 * Data of {@code dev.latentq.job.failed}. {@code code} stays a string so that a client can still read a code added by
 * a newer worker; {@link #failureCode()} gives the typed value when it is known.
 *
 * @param id job id
 * @param code failure code wire name, e.g. {@code invalid_job}
 * @param message what went wrong and how to fix it
 * @param retryable whether resubmitting the job unchanged may succeed later
 * @param workerId the worker that failed the job
 * @param metadata nullable: the job's metadata, verbatim, when it could be read
 */
public record FailedData(String id, String code, String message, boolean retryable, String workerId,
    ObjectNode metadata) implements EventData {

  public FailedData {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(workerId, "workerId");
  }

  /** Failed data with the code's wire name and its default {@link FailureCode#retryable()}. */
  public static FailedData of(String id, FailureCode code, String message, String workerId, ObjectNode metadata) {
    return new FailedData(id, code.wireName(), message, code.retryable(), workerId, metadata);
  }

  /** The typed code, or empty when a newer worker sent a code this version does not know. */
  public Optional<FailureCode> failureCode() {
    return FailureCode.fromWireName(code);
  }
}
