package dev.latentq.worker.loras;

import dev.latentq.protocol.FailureCode;

/**
 * A job's LoRA could not be made available locally, with the wire code its failed event carries: {@code unknown_lora}
 * when the bucket has no such LoRA, {@code storage_unavailable} (retryable) when S3 or the cache folder failed,
 * {@code unsupported_request} when the file can never fit the cache. An expected outcome: no stack trace.
 */
public final class LoraFetchException extends RuntimeException {
  private final FailureCode code;

  public LoraFetchException(FailureCode code, String message, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
  }

  public FailureCode code() {
    return code;
  }
}
