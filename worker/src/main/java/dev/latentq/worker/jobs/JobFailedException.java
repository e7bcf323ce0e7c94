package dev.latentq.worker.jobs;

import dev.latentq.protocol.FailureCode;

/**
 * A job failed in the worker, outside the engine (e.g. its init image could not be read), with the wire code its
 * failed event carries. An expected outcome, so no stack trace is captured.
 */
final class JobFailedException extends RuntimeException {
  private final FailureCode code;

  JobFailedException(FailureCode code, String message, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
  }

  FailureCode code() {
    return code;
  }
}
