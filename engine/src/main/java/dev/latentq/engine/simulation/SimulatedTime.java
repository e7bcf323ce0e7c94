package dev.latentq.engine.simulation;

import java.util.concurrent.locks.LockSupport;

/** Waits out a simulated call: parks for most of it, then spins for the last stretch so the wait is precise. */
final class SimulatedTime {
  private static final long SPIN_NANOS = 200_000;

  private SimulatedTime() {}

  static void spend(double millis) {
    long end = System.nanoTime() + Math.round(millis * 1e6);
    long remaining;
    while ((remaining = end - System.nanoTime()) > SPIN_NANOS) {
      LockSupport.parkNanos(remaining - SPIN_NANOS);
    }
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
