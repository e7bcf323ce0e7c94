package dev.latentq.devstack;

/** A devstack process could not be located, started or controlled; the message names the cause and the fix. */
public final class DevstackException extends RuntimeException {

  public DevstackException(String message) {
    super(message);
  }

  public DevstackException(String message, Throwable cause) {
    super(message, cause);
  }
}
