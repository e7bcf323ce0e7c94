package dev.latentq.protocol.event;

import java.util.Optional;

/** The kinds of job event; the CloudEvents type is {@code dev.latentq.job.<kind>}. */
public enum EventType {
  ACCEPTED("accepted"),
  STARTED("started"),
  PROGRESS("progress"),
  SUCCEEDED("succeeded"),
  FAILED("failed"),
  CANCELED("canceled");

  /** Prefix of every job event's {@code ce_type}. */
  public static final String TYPE_PREFIX = "dev.latentq.job.";

  private final String kind;

  EventType(String kind) {
    this.kind = kind;
  }

  /** The short name used in {@code ce_type} and {@code ce_id}, e.g. {@code succeeded}. */
  public String kind() {
    return kind;
  }

  /** The CloudEvents type, e.g. {@code dev.latentq.job.succeeded}. */
  public String ceType() {
    return TYPE_PREFIX + kind;
  }

  /** Whether events of this type end the job (succeeded, failed or canceled). */
  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELED;
  }

  /** The event type with this CloudEvents type, or empty for one this version does not know. */
  public static Optional<EventType> fromCeType(String ceType) {
    for (EventType type : values()) {
      if (type.ceType().equals(ceType)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
