package dev.latentq.worker.storage;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed storage call. {@link #isTransient()} tells whether the same call may succeed later (server down,
 * overloaded, timing out) or never will as is (access denied, missing bucket or key, invalid argument).
 * The message names the operation, the bucket and key, and the cause.
 */
public final class StorageException extends RuntimeException {

  private final S3Target target;
  private final String errorCode;
  private final boolean transientFailure;

  private StorageException(S3Target target, String errorCode, String message, boolean transientFailure,
      Throwable cause) {
    super(message, cause);
    this.target = target;
    this.errorCode = errorCode;
    this.transientFailure = transientFailure;
  }

  /** A failure of {@code target} with {@code detail} saying what went wrong and, when known, what to fix. */
  static StorageException of(S3Target target, String errorCode, String detail, boolean transientFailure,
      Throwable cause) {
    return new StorageException(target, errorCode, "S3 " + target.describe() + " failed: " + detail,
        transientFailure, cause);
  }

  /** True when retrying the call later may succeed; false when it fails again unless something is fixed. */
  public boolean isTransient() {
    return transientFailure;
  }

  /** {@code put}, {@code get}, {@code ensureBucket} or {@code ping}. */
  public String operation() {
    return target.operation();
  }

  public String bucket() {
    return target.bucket();
  }

  /** The object key; empty for bucket operations. */
  public Optional<String> key() {
    return Optional.ofNullable(target.key());
  }

  /**
   * The S3 error code (e.g. {@code NoSuchKey}, {@code AccessDenied}, {@code SlowDown}) or one of ours:
   * {@code Unreachable} (I/O error or timeout), {@code HttpStatus<n>}, {@code InvalidArgument},
   * {@code ObjectTooLarge}, {@code Unexpected}.
   */
  public String errorCode() {
    return errorCode;
  }

  /** The final failure after the retry budget ran out: still transient; the message says how long we tried. */
  StorageException exhausted(int attempts, Duration elapsed, Duration budget) {
    String message = getMessage() + " (gave up after " + attempts + " attempts in " + elapsed.toMillis()
        + " ms; retry budget " + budget.toMillis() + " ms)";
    return new StorageException(target, errorCode, message, true, this);
  }
}
