package dev.latentq.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM whose output goes to a log file and whose pid is recorded in a {@link PidFile}. Unless told
 * otherwise, a shutdown hook stops it when this JVM exits (normal exit, SIGTERM, SIGINT). Thread-safe.
 */
final class ChildProcess {

  /** A shutdown hook must finish quickly; a process that has not stopped by then is killed. */
  private static final Duration SHUTDOWN_HOOK_GRACE = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final PidFile pidFile;
  private final Optional<Thread> shutdownHook;

  private ChildProcess(String name, Process process, PidFile pidFile, boolean stopOnJvmExit) {
    this.name = name;
    this.process = process;
    this.pidFile = pidFile;
    this.shutdownHook = stopOnJvmExit ? Optional.of(new Thread(this::stopForJvmExit, "devstack-stop-" + name))
        : Optional.empty();
  }

  /**
   * What to run and where its output and pid go.
   *
   * @param stopOnJvmExit register a shutdown hook that stops the process when this JVM exits
   */
  record Spec(String name, List<String> command, Map<String, String> environment, Path workDir, Path logFile,
      PidFile pidFile, boolean stopOnJvmExit) {
  }

  static ChildProcess start(Spec spec) {
    ProcessBuilder builder = new ProcessBuilder(spec.command())
        .directory(spec.workDir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(Path.of(nullDevice()).toFile()));
    builder.environment().putAll(spec.environment());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new DevstackException("Cannot launch " + spec.name() + " (" + spec.command().getFirst() + "): "
          + e.getMessage() + "; check that the Java installation is intact", e);
    }
    ChildProcess child = new ChildProcess(spec.name(), process, spec.pidFile(), spec.stopOnJvmExit());
    try {
      spec.pidFile().record(process.toHandle());
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
    child.shutdownHook.ifPresent(Runtime.getRuntime()::addShutdownHook);
    return child;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Exit code, or -1 while running. */
  int exitCodeOrMinusOne() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** SIGTERM, then SIGKILL when the process has not exited within {@code gracePeriod}. */
  void stop(Duration gracePeriod) {
    PidFile.terminate(process.toHandle(), gracePeriod);
    released();
  }

  /** SIGKILL: the process gets no chance to clean up, as when a machine loses power. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new DevstackException(name + " (pid " + process.pid() + ") survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DevstackException("Interrupted while killing " + name, e);
    }
    released();
  }

  private void stopForJvmExit() {
    PidFile.terminate(process.toHandle(), SHUTDOWN_HOOK_GRACE);
    pidFile.delete();
  }

  private void released() {
    pidFile.delete();
    shutdownHook.ifPresent(hook -> {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // This JVM is already shutting down; the hook has run or is running and finds the process gone.
        return;
      }
    });
  }

  private static String nullDevice() {
    return System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null";
  }
}
