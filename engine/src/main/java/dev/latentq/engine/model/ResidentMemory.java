package dev.latentq.engine.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process's resident memory, read before and after a load to learn what the load added (weights, ONNX Runtime
 * session state and arenas allocated while creating the sessions). The JVM heap is part of it too, so a concurrent
 * allocation elsewhere blurs one reading; callers floor the difference with what they know the load must hold.
 */
@FunctionalInterface
public interface ResidentMemory {
  /** Resident bytes now, or empty where the platform does not say. */
  OptionalLong residentBytes();

  /** Linux's {@code VmRSS} from {@code /proc/self/status}; empty elsewhere. */
  static ResidentMemory process() {
    return ProcStatus::vmRss;
  }

  /** No measurement (tests, platforms without /proc): costs fall back to declared or on-disk sizes. */
  static ResidentMemory unavailable() {
    return OptionalLong::empty;
  }

  /** Reads {@code VmRSS} (kB) from /proc/self/status. */
  final class ProcStatus {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcStatus() {}

    static OptionalLong vmRss() {
      if (!Files.isReadable(STATUS)) {
        return OptionalLong.empty();
      }
      try {
        for (String line : Files.readAllLines(STATUS)) {
          if (line.startsWith("VmRSS:")) {
            String kb = line.substring("VmRSS:".length()).replace("kB", "").trim();
            return OptionalLong.of(Long.parseLong(kb) * 1024);
          }
        }
      } catch (IOException | NumberFormatException e) {
        return OptionalLong.empty();
      }
      return OptionalLong.empty();
    }
  }
}
