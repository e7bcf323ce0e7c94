package dev.latentq.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A LatentQ worker ({@code LatentQ run}) in its own JVM, configured through {@code LATENTQ_*} variables: for
 * capacity runs with several workers in one group and for fault tests that kill a worker with SIGKILL, the way a
 * crashed machine dies (no drain, no commit). Output goes to a log file. Thread-safe.
 */
public final class WorkerProcess implements AutoCloseable {
  /** The worker logs this once it consumes jobs. */
  static final String RUNNING_MARKER = " running: models ";
  private static final String MAIN_CLASS = "dev.latentq.worker.cli.LatentQ";

  private final String name;
  private final ChildProcess process;
  private final Path log;
  private final long logStart;

  private WorkerProcess(String name, ChildProcess process, Path log, long logStart) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.logStart = logStart;
  }

  /**
   * How to start the worker.
   *
   * @param launcher {@link #fromJar} or {@link #fromClasspath}
   * @param environment the worker's {@code LATENTQ_*} configuration (inherited ones are dropped first)
   * @param dir where the log and pid files go
   * @param commandPrefix run before {@code java}, which it must exec (e.g. {@code taskset -c 0} to pin the worker
   *     to a CPU set from its first thread on); empty for none
   */
  public record Launch(String name, List<String> launcher, Map<String, String> environment, Path dir,
      String maxHeap, List<String> commandPrefix) {
    public Launch {
      launcher = List.copyOf(launcher);
      environment = Map.copyOf(environment);
      commandPrefix = List.copyOf(commandPrefix);
    }

    public Launch(String name, List<String> launcher, Map<String, String> environment, Path dir, String maxHeap) {
      this(name, launcher, environment, dir, maxHeap, List.of());
    }
  }

  /** Runs {@code java -jar worker.jar run}. */
  public static List<String> fromJar(Path workerJar) {
    if (!Files.isRegularFile(workerJar)) {
      throw new DevstackException(workerJar + " does not exist: build it with ./mvnw -DskipTests package");
    }
    return List.of("-jar", workerJar.toAbsolutePath().toString(), "run");
  }

  /** Runs the worker's main class from a class path (e.g. a test run's own). */
  public static List<String> fromClasspath(String classpath) {
    return List.of("-cp", classpath, MAIN_CLASS, "run");
  }

  /** {@code worker/target/latentq-worker.jar}, searched upward from the working directory. */
  public static Path locateJar() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path jar = dir.resolve("worker/target/latentq-worker.jar");
      if (Files.isRegularFile(jar)) {
        return jar;
      }
    }
    throw new DevstackException("worker/target/latentq-worker.jar was not found above " + Path.of("").toAbsolutePath()
        + ": build it with ./mvnw -DskipTests package (or bin/latentq, which builds it)");
  }

  public static WorkerProcess start(Launch launch) {
    try {
      Files.createDirectories(launch.dir());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + launch.dir(), e);
    }
    Path log = launch.dir().resolve(launch.name() + ".log");
    // One log per worker name across restarts: a banner marks each start, and readiness reads past it.
    LogFile.banner(log, "starting worker " + launch.name());
    long logStart = size(log);
    List<String> command = new ArrayList<>(launch.commandPrefix());
    command.addAll(ChildJvm.command(new JvmSettings(launch.maxHeap(), false,
        List.of("--enable-native-access=ALL-UNNAMED"))));
    command.addAll(launch.launcher());
    Map<String, String> environment = new HashMap<>();
    System.getenv().forEach((k, v) -> {
      if (!k.startsWith("LATENTQ_")) {
        environment.put(k, v);
      }
    });
    // The running marker is logged at INFO.
    environment.put("LATENTQ_LOG_LEVEL", "INFO");
    environment.putAll(launch.environment());
    PidFile pid = new PidFile(launch.dir().resolve(launch.name() + ".pid"), MAIN_CLASS);
    ChildProcess child = ChildProcess.start(new ChildProcess.Spec("worker " + launch.name(), command, environment,
        launch.dir(), log, pid, true));
    return new WorkerProcess(launch.name(), child, log, logStart);
  }

  /** Waits until the worker consumes jobs; fails with the end of its log if it exits or takes too long. */
  public WorkerProcess awaitRunning(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new DevstackException("worker " + name + " exited with " + process.exitCodeOrMinusOne()
            + " before it was running.\n" + LogFile.failureReport(log));
      }
      if (logContains(RUNNING_MARKER)) {
        return this;
      }
      Pause.of(Duration.ofMillis(100));
    }
    throw new DevstackException("worker " + name + " was not running after " + timeout + ".\n"
        + LogFile.failureReport(log));
  }

  private boolean logContains(String text) {
    try {
      byte[] all = Files.readAllBytes(log);
      int from = (int) Math.min(logStart, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8).contains(text);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + log, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** SIGKILL: no drain, no commit. */
  public void kill() {
    process.kill();
  }

  /** SIGTERM (the worker drains), then SIGKILL after {@code gracePeriod}. */
  public void stop(Duration gracePeriod) {
    process.stop(gracePeriod);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.kill();
    }
  }
}
