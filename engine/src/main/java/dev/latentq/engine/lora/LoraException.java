package dev.latentq.engine.lora;

/**
 * A LoRA that cannot be applied to a model: an unreadable or unsupported file, a key that matches no weight, a
 * shape that does not fit, an export that cannot take LoRAs. The message names the file, the key or weight, and
 * the fix. It is an input problem (the same request can never succeed), hence an {@link IllegalArgumentException}.
 */
public final class LoraException extends IllegalArgumentException {
  public LoraException(String message) {
    super(message);
  }

  public LoraException(String message, Throwable cause) {
    super(message, cause);
  }
}
