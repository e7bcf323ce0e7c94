package dev.latentq.engine.tokenizer;

/** Thrown when a tokenizer folder cannot be turned into a working tokenizer; the message names the file and the fix. */
public final class TokenizerLoadException extends RuntimeException {

  public TokenizerLoadException(String message) {
    super(message);
  }

  public TokenizerLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
