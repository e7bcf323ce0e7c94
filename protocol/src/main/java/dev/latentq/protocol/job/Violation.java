package dev.latentq.protocol.job;

import java.util.Objects;

/**
 * One way in which a job breaks the contract.
 *
 * @param field the field's path, e.g. {@code width} or {@code output.keyPrefix}
 * @param message what is wrong and what is accepted, e.g. {@code must be a multiple of 8 in [64, 4096], got 513}
 */
public record Violation(String field, String message) {
  public Violation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
