package dev.latentq.worker.batching;

import dev.latentq.protocol.FailureCode;

/**
 * Why the engine did not produce a job's images: a failure with its wire code, a cancellation, or an
 * abandonment (the worker is leaving or lost the job's partition; nothing is published and the job's offset is
 * not committed, so Kafka delivers it again). Expected outcomes, so no stack trace is captured.
 */
public final class JobOutcomeException extends RuntimeException {
  /** How the job ended. */
  public enum Kind { FAILED, CANCELED, ABANDONED }

  private final Kind kind;
  private final FailureCode code;

  private JobOutcomeException(Kind kind, FailureCode code, String message, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
    this.code = code;
  }

  public static JobOutcomeException failed(FailureCode code, String message, Throwable cause) {
    return new JobOutcomeException(Kind.FAILED, code, message, cause);
  }

  public static JobOutcomeException canceled(String reason) {
    return new JobOutcomeException(Kind.CANCELED, null, reason, null);
  }

  public static JobOutcomeException abandoned(String reason) {
    return new JobOutcomeException(Kind.ABANDONED, null, reason, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The failure code, or null unless {@link Kind#FAILED}. */
  public FailureCode code() {
    return code;
  }
}
