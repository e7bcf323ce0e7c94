package dev.latentq.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The lifecycle every devstack server shares: a child JVM on a data directory that can be started (after stopping an
 * orphan left on the same directory), awaited until it serves, stopped gracefully, killed and restarted on the same
 * ports. Subclasses say how to prepare the directory, what to launch and how to tell it is ready. Thread-safe: every
 * lifecycle step holds this object's monitor.
 *
 * @param <S> the server type, returned by {@link #start()} and {@link #restart()} for chaining
 */
abstract class ChildServer<S extends ChildServer<S>> implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ChildServer.class.getName());

  private final String name;
  private final Path dataDir;
  private final Duration startupTimeout;
  private final Duration stopTimeout;
  private ChildProcess process;

  /** @param name how messages call the server, e.g. "Kafka broker" */
  ChildServer(String name, Path dataDir, Duration startupTimeout, Duration stopTimeout) {
    this.name = name;
    this.dataDir = dataDir;
    this.startupTimeout = startupTimeout;
    this.stopTimeout = stopTimeout;
  }

  /** Readies the data directory, ports and files before a launch (the orphan is already stopped). */
  abstract void prepare(Instant deadline);

  /** What to launch. */
  abstract ChildProcess.Spec spec();

  /** Waits until the launched server serves; returns why it did not, or empty when it does. */
  abstract Optional<String> awaitReady(Instant deadline, ChildProcess process);

  /** Where clients reach it, for messages, e.g. {@code 127.0.0.1:9092}. */
  abstract String address();

  /** What to do when it did not come up, e.g. about taken ports. */
  abstract String startupHint();

  /** The file the server's output is appended to. */
  public abstract Path logFile();

  abstract PidFile pidFile();

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  /**
   * Launches the server and waits until it serves. Does nothing when already running. Stops an orphaned server
   * left behind on the same data directory first.
   */
  public synchronized S start() {
    if (isRunning()) {
      return self();
    }
    if (process != null) {
      // It exited on its own (crash or external kill); release its pid file and shutdown hook.
      process.stop(Duration.ZERO);
      process = null;
    }
    Instant begin = Instant.now();
    Instant deadline = begin.plus(startupTimeout);
    createDirectories(dataDir);
    pidFile().stopOrphan(stopTimeout);
    prepare(deadline);
    LogFile.banner(logFile(), "starting " + name + " on " + address());
    process = ChildProcess.start(spec());
    Optional<String> failure = awaitReady(deadline, process);
    if (failure.isPresent()) {
      int exitCode = process.exitCodeOrMinusOne();
      process.kill();
      process = null;
      throw new DevstackException(name + " in " + dataDir + " did not come up: " + failure.get()
          + (exitCode >= 0 ? " (exit code " + exitCode + ")" : "") + ". " + startupHint() + "\n"
          + LogFile.failureReport(logFile()));
    }
    LOG.log(System.Logger.Level.INFO, "{0} ready on {1} in {2} ms (pid {3}, data {4})", name, address(),
        String.valueOf(Duration.between(begin, Instant.now()).toMillis()), String.valueOf(process.pid()), dataDir);
    return self();
  }

  /** Graceful stop: SIGTERM, then SIGKILL after the configured stop timeout. Does nothing when not running. */
  public synchronized void stop() {
    if (process != null) {
      process.stop(stopTimeout);
      process = null;
    }
  }

  /** SIGKILL, for fault tests: no controlled shutdown. */
  public synchronized void kill() {
    if (process != null) {
      process.kill();
      process = null;
    }
  }

  /** {@link #stop()} then {@link #start()}, on the same data directory and ports. */
  public synchronized S restart() {
    stop();
    return start();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The server's process id while running. */
  public synchronized OptionalLong pid() {
    return isRunning() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    stop();
  }

  static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + dir + ": " + e.getMessage(), e);
    }
  }
}
