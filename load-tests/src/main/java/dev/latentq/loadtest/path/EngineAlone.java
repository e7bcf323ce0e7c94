package dev.latentq.loadtest.path;

import dev.latentq.loadtest.cluster.CpuSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine-alone side of a whole-path comparison: the worker jar's {@code EngineBursts} in a JVM of its own,
 * started like the worker (same jar, heap, garbage collector, ONNX Runtime threads, and CPU set when pinned), running
 * a warm-up burst and {@code bursts} measured ones of the same jobs.
 *
 * @param cpus the worker's CPU set, or empty to run unpinned
 * @param javaToolOptions the worker's extra JVM options, given to this JVM too (JAVA_TOOL_OPTIONS)
 */
public record EngineAlone(Path workerJar, Path modelDir, PathWorkload workload, int intraOpThreads,
    Optional<CpuSet> cpus, Optional<String> javaToolOptions) {
  private static final String MAIN_CLASS = "dev.latentq.worker.bench.EngineBursts";
  private static final Pattern BURST_LINE = Pattern.compile("burst (\\d+) cpu-ms ([0-9.]+) completions-ms (.+)");

  /** Runs the bursts; the child's output goes to {@code log}. Returns the measured bursts (not the warm-up). */
  public List<BurstTimes> run(int bursts, Path log) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(cpus.map(CpuSet::commandPrefix).orElse(List.of()));
    command.addAll(List.of(javaExecutable(), "-Xmx1g", "-XX:+UseSerialGC", "-Xss8m",
        "--enable-native-access=ALL-UNNAMED", "-cp", workerJar.toAbsolutePath().toString(), MAIN_CLASS,
        modelDir.toAbsolutePath().toString(), Integer.toString(workload.jobs()), Integer.toString(bursts),
        Integer.toString(workload.maxBatch()), Integer.toString(intraOpThreads), Integer.toString(workload.size()),
        Integer.toString(workload.steps()), String.format(Locale.ROOT, "%s", workload.guidance())));
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    javaToolOptions.ifPresent(options -> builder.environment().put("JAVA_TOOL_OPTIONS", options));
    Process child = builder.start();
    if (!child.waitFor(30, TimeUnit.MINUTES)) {
      child.destroyForcibly();
      throw new IllegalStateException("the engine-alone run did not finish within 30 minutes; see " + log);
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    if (child.exitValue() != 0) {
      throw new IllegalStateException("the engine-alone run exited with " + child.exitValue() + " (is "
          + workerJar + " built from this checkout? ./mvnw -DskipTests package -pl worker -am); see " + log);
    }
    List<BurstTimes> measured = new ArrayList<>();
    for (String line : lines) {
      Matcher m = BURST_LINE.matcher(line.strip());
      if (m.matches() && Integer.parseInt(m.group(1)) > 0) {
        measured.add(BurstTimes.parse(workload.jobs(), m.group(3), Double.parseDouble(m.group(2))));
      }
    }
    if (measured.size() != bursts) {
      throw new IllegalStateException("the engine-alone run reported " + measured.size() + " bursts, expected "
          + bursts + "; see " + log);
    }
    return measured;
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command().filter(c -> Path.of(c).getFileName().toString().equals("java"))
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
