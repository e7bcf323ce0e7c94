package dev.latentq.engine.model;

/**
 * Threads that call ONNX Runtime: creating sessions and running them can need far more native stack than the JVM's
 * 1 MB thread default, and overflowing it kills the whole process with SIGSEGV (no exception, no error file). Every
 * engine-owned thread that opens or runs a session is made here; in tests the surefire JVM's {@code -Xss8m} hides a
 * thread that is not.
 */
public final class NativeStackThreads {
  /** Native stack of such a thread. */
  public static final long STACK_BYTES = 16L << 20;

  private NativeStackThreads() {}

  /** An unstarted thread with {@link #STACK_BYTES} of stack. */
  public static Thread create(Runnable task, String name, boolean daemon) {
    Thread thread = new Thread(null, task, name, STACK_BYTES);
    thread.setDaemon(daemon);
    return thread;
  }
}
