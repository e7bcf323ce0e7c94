package dev.latentq.worker.jobs;

import dev.latentq.protocol.FailureCode;

/**
 * A job this worker will not run, with the wire code and a message naming the problem and the fix. Expected
 * outcome of bad input, so no stack trace is captured.
 */
public final class JobRejection extends Exception {
  private final FailureCode code;

  public JobRejection(FailureCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public FailureCode code() {
    return code;
  }

  /** Whether the record belongs in the dead-letter topic (bad input), rather than only failing the job. */
  public boolean deadLetter() {
    return FailurePolicy.DEFAULT.onRejection(code) == FailurePolicy.Strategy.DEAD_LETTER;
  }
}
