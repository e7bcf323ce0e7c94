package dev.latentq.protocol.job;

import dev.latentq.protocol.FailureCode;

/**
 * The record value is not a JSON object at all: empty, not UTF-8, broken or trailing JSON, duplicate fields, or a
 * JSON value other than an object. The producer must send a UTF-8 JSON object.
 */
public final class MalformedJobException extends JobDecodingException {

  MalformedJobException(String message, Throwable cause) {
    super(message, null, cause);
  }

  @Override
  public FailureCode failureCode() {
    return FailureCode.INVALID_JSON;
  }
}
