package dev.latentq.loadtest.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set of CPUs in {@code taskset}'s list form ({@code 0}, {@code 0-3}, {@code 0,2}): where a process of a local
 * cluster may run. Pinning the model to some cores and everything else (broker, S3 server, load generator) to the
 * others keeps a whole-path measurement on one machine from measuring their contention. Linux only ({@code taskset}
 * from util-linux).
 */
public record CpuSet(String list, Set<Integer> cpus) {
  private static final Pattern RANGE = Pattern.compile("(\\d+)(?:-(\\d+))?");

  public CpuSet {
    if (cpus.isEmpty()) {
      throw new IllegalArgumentException("a CPU set needs at least one CPU: " + list);
    }
    cpus = Collections.unmodifiableSortedSet(new TreeSet<>(cpus));
  }

  /** Parses {@code 0}, {@code 0-3} or {@code 0,2-3}; fails naming the expected form. */
  public static CpuSet parse(String list) {
    TreeSet<Integer> cpus = new TreeSet<>();
    for (String part : list.trim().split(",")) {
      Matcher m = RANGE.matcher(part.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("'" + list + "' is not a CPU list: write it as taskset does, e.g. 0, 0-3"
            + " or 0,2");
      }
      int from = Integer.parseInt(m.group(1));
      int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
      if (to < from) {
        throw new IllegalArgumentException("'" + list + "': the range " + part.trim() + " runs backwards; write "
            + to + "-" + from);
      }
      for (int cpu = from; cpu <= to; cpu++) {
        cpus.add(cpu);
      }
    }
    return new CpuSet(list.trim(), cpus);
  }

  /** How many CPUs the set has: the ONNX Runtime intra-op threads that fit it. */
  public int count() {
    return cpus.size();
  }

  /** True when no CPU of this set is in {@code other}. */
  public boolean disjointFrom(CpuSet other) {
    return cpus.stream().noneMatch(other.cpus::contains);
  }

  /** Put before a command so that it starts on this set, with every thread it ever creates. */
  public List<String> commandPrefix() {
    return List.of("taskset", "-c", list);
  }

  /** Moves every thread of a running process to this set; the threads it creates later inherit the set. */
  public void pin(long pid) {
    List<String> command = List.of("taskset", "-a", "-p", "-c", list, Long.toString(pid));
    try {
      Process taskset = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!taskset.waitFor(30, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
        throw new IllegalStateException("taskset could not pin pid " + pid + " to CPUs " + list + ": "
            + output.strip() + " (is every CPU of the list online? see nproc)");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run taskset (" + e.getMessage() + "): pinning needs Linux with "
          + "util-linux installed, or leave out the CPU options", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pinning pid " + pid, e);
    }
  }

  /** The CPUs a process's main thread may run on, as Linux reports them; empty where /proc does not say. */
  public static Optional<String> allowedFor(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return Optional.of(line.substring(line.indexOf(':') + 1).strip());
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
