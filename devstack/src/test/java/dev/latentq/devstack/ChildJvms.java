package dev.latentq.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Launches test helper JVMs with this test run's classpath. */
final class ChildJvms {

  private ChildJvms() {
  }

  static List<String> command(Class<?> main, String... args) {
    List<String> command = new ArrayList<>(List.of(ChildJvm.javaExecutable().toString(), "-Xmx64m",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Starts {@code main} in the background of a shell that exits at once, so the JVM is an orphan (as if its
   * parent had been killed with -9). Returns the orphan's pid and the shell's (dead) pid.
   */
  static long[] orphan(Class<?> main, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sh", "-c", "\"$@\" >/dev/null 2>&1 </dev/null & echo $! $$",
        "sh"));
    command.addAll(command(main, args));
    Process shell = new ProcessBuilder(command).redirectErrorStream(true).start();
    String line;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(),
        StandardCharsets.UTF_8))) {
      line = out.readLine();
    }
    shell.waitFor();
    String[] pids = line.trim().split(" ");
    long orphan = Long.parseLong(pids[0]);
    // $! is the shell's fork, which execs java a moment later: a test that signals it before the exec races it.
    while (ProcessHandle.of(orphan).flatMap(p -> p.info().command()).filter(c -> !c.endsWith("java")).isPresent()) {
      Thread.sleep(5);
    }
    return new long[] {orphan, Long.parseLong(pids[1])};
  }
}
