package dev.latentq.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds command lines for child JVMs that run on the same Java installation as this JVM. */
final class ChildJvm {

  /** JDK 24 added the flag; earlier JDKs refuse to start when they see it. */
  private static final int UNSAFE_FLAG_SINCE = 24;

  private ChildJvm() {
  }

  /** {@code java} plus the options from {@code settings}, ready for a main class or {@code -jar}. */
  static List<String> command(JvmSettings settings) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable().toString());
    command.add("-Xmx" + settings.maxHeap());
    command.add("-XX:+UseSerialGC");
    if (settings.fastStartup()) {
      command.add("-XX:TieredStopAtLevel=1");
    }
    command.add("-Djava.awt.headless=true");
    if (Runtime.version().feature() >= UNSAFE_FLAG_SINCE) {
      // Kafka and the libraries in S3Proxy still call sun.misc.Unsafe; JDK 24+ would print warnings.
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(settings.extraOptions());
    return command;
  }

  static Path javaExecutable() {
    return ProcessHandle.current().info().command()
        .map(Path::of)
        .filter(path -> path.getFileName().toString().matches("java(\\.exe)?") && Files.isExecutable(path))
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
  }
}
