package dev.latentq.loadtest.cluster;

import dev.latentq.devstack.WorkerProcess;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * CPU time used so far by each process of a local cluster and by this process (the load generator). On a small
 * machine they all share the cores with the worker's model, so a whole-path measurement needs to say where the CPU
 * went. A process whose CPU time the operating system does not report is left out.
 */
public record ProcessCpu(Map<String, Duration> byProcess) {

  /** The name this process (the load generator) is listed under. */
  public static final String LOAD_GENERATOR = "load generator";

  public ProcessCpu {
    byProcess = Collections.unmodifiableMap(new LinkedHashMap<>(byProcess));
  }

  /** Reads the CPU time of the broker, the S3 server, every running worker and this process. */
  public static ProcessCpu of(LocalCluster cluster) {
    Map<String, Duration> cpu = new LinkedHashMap<>();
    for (WorkerProcess worker : cluster.workers()) {
      if (worker.isAlive()) {
        put(cpu, "worker " + worker.name(), ProcessHandle.of(worker.pid()));
      }
    }
    put(cpu, "Kafka broker", handle(cluster.devstack().kafka().pid()));
    put(cpu, "S3 server", handle(cluster.devstack().s3().pid()));
    put(cpu, LOAD_GENERATOR, Optional.of(ProcessHandle.current()));
    return new ProcessCpu(cpu);
  }

  /** The CPU time used between {@code earlier} and this reading, for the processes present in both. */
  public ProcessCpu since(ProcessCpu earlier) {
    Map<String, Duration> used = new LinkedHashMap<>();
    byProcess.forEach((name, total) -> {
      Duration before = earlier.byProcess.get(name);
      if (before != null) {
        used.put(name, total.minus(before));
      }
    });
    return new ProcessCpu(used);
  }

  private static Optional<ProcessHandle> handle(OptionalLong pid) {
    return pid.isPresent() ? ProcessHandle.of(pid.getAsLong()) : Optional.empty();
  }

  private static void put(Map<String, Duration> cpu, String name, Optional<ProcessHandle> process) {
    process.flatMap(p -> p.info().totalCpuDuration()).ifPresent(d -> cpu.put(name, d));
  }
}
