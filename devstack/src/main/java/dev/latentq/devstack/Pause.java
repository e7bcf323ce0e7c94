package dev.latentq.devstack;

import java.time.Duration;

/** The pause between two polls of a child process that is coming up. */
final class Pause {

  private Pause() {
  }

  static void of(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DevstackException("Interrupted while waiting for a devstack process", e);
    }
  }
}
