package dev.latentq.worker.cli;

/** Bad input on the command line: reported as one line naming the problem and the fix, exit status 2. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
