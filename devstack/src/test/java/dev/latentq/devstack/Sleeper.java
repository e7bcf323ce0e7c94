package dev.latentq.devstack;

/** Stand-in child process for pid-file tests: its arguments carry the marker, it sleeps until killed. */
public final class Sleeper {

  private Sleeper() {
  }

  public static void main(String[] args) throws InterruptedException {
    // Bounded, so a failed test never leaves it behind for long.
    Thread.sleep(120_000);
  }
}
