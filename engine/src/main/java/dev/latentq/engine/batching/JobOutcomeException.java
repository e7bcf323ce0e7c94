package dev.latentq.engine.batching;

/**
 * Why the engine did not produce a job's images: a failure with its reason, a cancellation, or an abandonment
 * (the engine is draining or the caller withdrew the job, e.g. because a service lost it to another process; the
 * job may be submitted again). Expected outcomes, so no stack trace is captured.
 */
public final class JobOutcomeException extends RuntimeException {
  /** How the job ended. */
  public enum Kind { FAILED, CANCELED, ABANDONED }

  /** Why a job failed. Only {@link #MODEL_UNAVAILABLE} may succeed if the same job is submitted again unchanged. */
  public enum Reason {
    /** The model cannot run this request (size, schedule, prompt length...). */
    UNSUPPORTED_REQUEST,
    /** The model failed while encoding, denoising or decoding. */
    MODEL_ERROR,
    /** The job's deadline passed before it started. */
    DEADLINE_EXCEEDED,
    /** The model's export cannot be loaded as it is (missing or mismatched files). */
    MODEL_LOAD_FAILED,
    /** The model failed to load for a reason that may pass (I/O, memory); it loads again for the next job. */
    MODEL_UNAVAILABLE
  }

  private final Kind kind;
  private final Reason reason;

  private JobOutcomeException(Kind kind, Reason reason, String message, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
    this.reason = reason;
  }

  public static JobOutcomeException failed(Reason reason, String message, Throwable cause) {
    return new JobOutcomeException(Kind.FAILED, reason, message, cause);
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

  /** The failure reason, or null unless {@link Kind#FAILED}. */
  public Reason reason() {
    return reason;
  }
}
