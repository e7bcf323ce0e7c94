package dev.latentq.loadtest.cluster;

import dev.latentq.devstack.Devstack;
import dev.latentq.devstack.WorkerProcess;
import dev.latentq.protocol.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole LatentQ deployment on loopback for capacity and fault runs: a real Kafka broker and S3 server (devstack
 * child processes) and worker processes from {@code worker/target/latentq-worker.jar}, all in one consumer group,
 * by default on the simulated accelerator. Workers can be added, killed (SIGKILL) and stopped (SIGTERM, drain)
 * while a load run goes on. Thread-safe for worker management.
 */
public final class LocalCluster implements AutoCloseable {
  /** The model id the simulated workers serve. */
  public static final String SIMULATED_MODEL = "sim-sd15";

  private final Path dir;
  private final Devstack stack;
  private final Topics topics;
  private final Path workerJar;
  private final Map<String, String> workerSettings;
  private final Map<String, WorkerProcess> workers = new LinkedHashMap<>();
  private final Map<String, Integer> httpPorts = new HashMap<>();

  private LocalCluster(Path dir, Devstack stack, Topics topics, Path workerJar, Map<String, String> workerSettings) {
    this.dir = dir;
    this.stack = stack;
    this.topics = topics;
    this.workerJar = workerJar;
    this.workerSettings = Map.copyOf(workerSettings);
  }

  /**
   * Starts the broker (the jobs topic with {@code jobPartitions} partitions) and the S3 server under {@code dir}.
   *
   * @param workerSettings {@code LATENTQ_*} variables every worker gets on top of the cluster's own (e.g.
   *     {@code LATENTQ_MAX_BATCH}); by default workers run the simulated H100 cost model
   */
  public static LocalCluster start(Path dir, int jobPartitions, Map<String, String> workerSettings) {
    Path workerJar = WorkerProcess.locateJar();
    Topics topics = Topics.DEFAULTS;
    Devstack stack = Devstack.builder(dir.resolve("devstack")).topic(topics.jobs(), jobPartitions)
        .topic(topics.events(), jobPartitions).topic(topics.control(), 1).topic(topics.deadLetter(), 1)
        .kafka(k -> k.jvm(dev.latentq.devstack.JvmSettings.withHeap("768m").withFastStartup(false)))
        .start();
    return new LocalCluster(dir, stack, topics, workerJar, workerSettings);
  }

  public String bootstrapServers() {
    return stack.bootstrapServers();
  }

  public Topics topics() {
    return topics;
  }

  public Devstack devstack() {
    return stack;
  }

  /** Starts a worker and waits until it consumes jobs. */
  public WorkerProcess startWorker(String name) {
    return startWorker(name, List.of());
  }

  /**
   * Starts a worker behind {@code commandPrefix} (e.g. {@code taskset -c 0}, which execs the JVM) and waits until
   * it consumes jobs.
   */
  public WorkerProcess startWorker(String name, List<String> commandPrefix) {
    WorkerProcess worker;
    synchronized (this) {
      WorkerProcess previous = workers.get(name);
      if (previous != null && previous.isAlive()) {
        throw new IllegalStateException("worker " + name + " is already running");
      }
      int port = httpPorts.computeIfAbsent(name, n -> freePort());
      worker = WorkerProcess.start(new WorkerProcess.Launch(name, WorkerProcess.fromJar(workerJar),
          environment(name, port), dir.resolve("workers"), "1g", commandPrefix));
      workers.put(name, worker);
    }
    // Outside the lock, so that workers start in parallel.
    return worker.awaitRunning(Duration.ofMinutes(2));
  }

  /** SIGKILL, as a crashed machine: no drain, no commit. */
  public synchronized void kill(String name) {
    require(name).kill();
  }

  /** SIGTERM: the worker drains and commits, then exits. */
  public synchronized void stop(String name) {
    require(name).stop(Duration.ofMinutes(2));
  }

  /** The workers started so far (alive or not), by name. */
  public synchronized List<WorkerProcess> workers() {
    return new ArrayList<>(workers.values());
  }

  private WorkerProcess require(String name) {
    WorkerProcess worker = workers.get(name);
    if (worker == null) {
      throw new IllegalArgumentException("no worker named " + name);
    }
    return worker;
  }

  /** Where a worker's {@code /metrics} and health endpoints are. */
  public synchronized URI httpEndpoint(String name) {
    require(name);
    return URI.create("http://127.0.0.1:" + httpPorts.get(name));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for a worker's HTTP endpoints", e);
    }
  }

  private Map<String, String> environment(String name, int httpPort) {
    Map<String, String> env = new HashMap<>();
    env.put("LATENTQ_WORKER_ID", name);
    env.put("LATENTQ_KAFKA_BOOTSTRAP", stack.bootstrapServers());
    env.put("LATENTQ_S3_ENDPOINT", stack.s3Endpoint());
    env.put("LATENTQ_S3_ACCESS_KEY", stack.s3AccessKey());
    env.put("LATENTQ_S3_SECRET_KEY", stack.s3SecretKey());
    env.put("LATENTQ_HTTP_PORT", Integer.toString(httpPort));
    env.put("LATENTQ_ENGINE_MODE", "simulated");
    env.put("LATENTQ_MODELS", SIMULATED_MODEL + "=simulated");
    env.put("LATENTQ_DRAIN_TIMEOUT", "30s");
    env.putAll(workerSettings);
    return env;
  }

  @Override
  public synchronized void close() {
    for (WorkerProcess worker : workers.values()) {
      worker.close();
    }
    stack.close();
  }
}
