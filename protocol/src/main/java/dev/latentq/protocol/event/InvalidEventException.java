package dev.latentq.protocol.event;

/**
 * A record on the events topic is not a LatentQ job event this version can read: not a binary-mode CloudEvent, a
 * missing attribute, or data that does not match its type.
 */
public sealed class InvalidEventException extends Exception permits UnknownEventTypeException {

  InvalidEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
