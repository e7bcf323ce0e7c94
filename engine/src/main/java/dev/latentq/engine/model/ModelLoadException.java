package dev.latentq.engine.model;

/** A model folder that cannot be used: missing or unreadable files, or parts that do not fit together. */
public final class ModelLoadException extends RuntimeException {
  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
