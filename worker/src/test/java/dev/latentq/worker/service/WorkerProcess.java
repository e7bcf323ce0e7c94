package dev.latentq.worker.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A worker in its own JVM ({@code LatentQ run} on the test classpath), so a test can kill it with SIGKILL the way
 * a crashed machine would: no drain, no commit.
 */
final class WorkerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static WorkerProcess start(Map<String, String> env, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), "dev.latentq.worker.cli.LatentQ", "run"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("LATENTQ_"));
    builder.environment().putAll(env);
    return new WorkerProcess(builder.start(), log);
  }

  /** Waits until the worker logs that it is running, or fails with its log. */
  void awaitRunning(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("worker process exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      if (Files.exists(log) && Files.readString(log).contains(" running: models ")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("worker process did not start within " + timeout + ":\n" + Files.readString(log));
  }

  /** SIGKILL: the process gets no chance to drain or commit. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
