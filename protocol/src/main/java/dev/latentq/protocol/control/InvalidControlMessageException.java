package dev.latentq.protocol.control;

/** A record on the control topic is not a control message this version understands. */
public final class InvalidControlMessageException extends Exception {

  InvalidControlMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
