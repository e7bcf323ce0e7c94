package dev.latentq.worker.events;

/** A record could not be written to Kafka: the broker did not acknowledge it in time or rejected it. */
public final class PublishException extends RuntimeException {

  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
