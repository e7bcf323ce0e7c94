package dev.latentq.devstack;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Records which process serves a data directory, so that a child left behind by a parent killed with
 * {@code kill -9} is found and stopped by the next start on the same directory.
 *
 * <p>A recorded process is only touched when it is still alive, its command line contains {@code marker} (so a
 * recycled pid is never killed) and its recorded parent is gone (so a server still owned by a live program is
 * never taken away from it).
 *
 * @param file the pid file, inside the data directory
 * @param marker a string unique to this data directory that the child's command line contains (its config path)
 */
record PidFile(Path file, String marker) {

  private static final System.Logger LOG = System.getLogger(PidFile.class.getName());

  void record(ProcessHandle child) {
    String content = "pid=" + child.pid() + "\nparentPid=" + ProcessHandle.current().pid() + "\n";
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write pid file " + file + ": " + e.getMessage(), e);
    }
  }

  void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete pid file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stops the process recorded in the file if it is an orphaned copy of ours; fails if a live program still owns
   * it. Afterwards the file is gone.
   */
  void stopOrphan(Duration gracePeriod) {
    Optional<Properties> recorded = read();
    if (recorded.isEmpty()) {
      return;
    }
    long pid = Long.parseLong(recorded.get().getProperty("pid", "-1"));
    long parentPid = Long.parseLong(recorded.get().getProperty("parentPid", "-1"));
    Optional<ProcessHandle> child = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (child.isPresent() && commandLine(child.get()).contains(marker)) {
      Optional<ProcessHandle> owner = child.get().parent().filter(parent -> parent.pid() == parentPid);
      if (owner.isPresent()) {
        throw new DevstackException("Process " + pid + " (" + marker + ") is already running for this data "
            + "directory, started by live process " + parentPid
            + (parentPid == ProcessHandle.current().pid() ? " (this JVM: close the other instance first)"
                : ": stop that program or use another data directory"));
      }
      LOG.log(System.Logger.Level.INFO, "Stopping orphaned process {0} left behind for {1}", String.valueOf(pid),
          marker);
      terminate(child.get(), gracePeriod);
    }
    delete();
  }

  private Optional<Properties> read() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read pid file " + file + ": " + e.getMessage(), e);
    }
    return Optional.of(properties);
  }

  private static String commandLine(ProcessHandle process) {
    // ProcessHandle.Info cuts Linux command lines at 4 KiB; /proc has all of it.
    Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    if (Files.isReadable(proc)) {
      try {
        return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
      } catch (IOException e) {
        // The process exited between the liveness check and this read, so it is not ours to stop.
        return "";
      }
    }
    return process.info().commandLine().orElse("");
  }

  static void terminate(ProcessHandle process, Duration gracePeriod) {
    process.destroy();
    try {
      process.onExit().get(gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      process.destroyForcibly();
      process.onExit().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new DevstackException("Interrupted while stopping process " + process.pid(), e);
    } catch (ExecutionException e) {
      throw new DevstackException("Waiting for process " + process.pid() + " failed: " + e.getCause(), e);
    }
  }
}
