package dev.latentq.protocol.event;

/**
 * A well-formed CloudEvent whose {@code ce_type} this version does not know, e.g. a type added by a newer worker.
 * Consumers normally skip such events.
 */
public final class UnknownEventTypeException extends InvalidEventException {

  private final String ceType;

  UnknownEventTypeException(String ceType) {
    super("unknown event type '" + ceType + "': skip it, or upgrade latentq-protocol if it should be understood",
        null);
    this.ceType = ceType;
  }

  /** The unknown {@code ce_type}. */
  public String ceType() {
    return ceType;
  }
}
