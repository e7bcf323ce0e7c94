package dev.latentq.worker.service;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM / SIGINT handling for a running worker: the first signal starts a drain (stop intake, finish in-flight
 * work within the drain timeout, commit, close) and exits when it is done; a second signal exits at once.
 * JVM shutdown hooks cannot do the second part: once shutdown has begun the JVM ignores further signals.
 */
public final class SignalDrain {
  private static final Logger LOG = LoggerFactory.getLogger(SignalDrain.class);

  private final AtomicBoolean draining = new AtomicBoolean();
  private final Runnable drain;

  private SignalDrain(Runnable drain) {
    this.drain = drain;
  }

  /** Installs the handlers; {@code drain} runs on its own thread and the process exits 0 after it. */
  public static void install(Runnable drain) {
    SignalDrain handler = new SignalDrain(drain);
    Signal.handle(new Signal("TERM"), handler::onSignal);
    Signal.handle(new Signal("INT"), handler::onSignal);
  }

  private void onSignal(Signal signal) {
    if (draining.compareAndSet(false, true)) {
      LOG.info("SIG{} received: draining (send it again to exit at once)", signal.getName());
      Thread thread = new Thread(() -> {
        drain.run();
        System.exit(0);
      }, "latentq-drain");
      thread.start();
    } else {
      LOG.warn("SIG{} received again: exiting without waiting for the drain", signal.getName());
      Runtime.getRuntime().halt(130);
    }
  }
}
