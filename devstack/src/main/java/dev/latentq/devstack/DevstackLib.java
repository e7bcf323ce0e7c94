package dev.latentq.devstack;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The directory with the jars the child processes run from: {@code kafka/} (the broker classpath) and
 * {@code s3proxy/s3proxy.jar}. The devstack module's build copies both into {@code devstack/target/devstack-lib}.
 */
public record DevstackLib(Path root) {

  /** System property naming the lib directory; wins over everything else. */
  public static final String PROPERTY = "latentq.devstack.lib";
  /** Environment variable naming the lib directory; used when the system property is not set. */
  public static final String ENV = "LATENTQ_DEVSTACK_LIB";

  private static final String BUILD_HINT =
      "run `./mvnw -pl devstack package` in the LatentQ checkout (or `bin/latentq`, which builds it)";

  public DevstackLib {
    root = root.toAbsolutePath().normalize();
    if (!isComplete(root)) {
      throw new DevstackException("Devstack lib directory " + root + " is incomplete (needs kafka/*.jar and "
          + "s3proxy/s3proxy.jar): " + BUILD_HINT);
    }
  }

  /**
   * Finds the lib directory: the {@value #PROPERTY} system property, the {@value #ENV} environment variable, then
   * {@code devstack/target/devstack-lib} or {@code target/devstack-lib} above the location of these classes
   * and above the working directory.
   */
  public static DevstackLib locate() {
    String explicit = Optional.ofNullable(System.getProperty(PROPERTY)).orElse(System.getenv(ENV));
    if (explicit != null && !explicit.isBlank()) {
      return new DevstackLib(Path.of(explicit));
    }
    List<Path> starts = new ArrayList<>();
    codeSource().ifPresent(starts::add);
    starts.add(Path.of(System.getProperty("user.dir")));
    for (Path start : starts) {
      Optional<Path> found = searchUpward(start.toAbsolutePath().normalize());
      if (found.isPresent()) {
        return new DevstackLib(found.get());
      }
    }
    throw new DevstackException("Devstack lib directory (Kafka and S3Proxy jars) not found above " + starts
        + " and neither -D" + PROPERTY + " nor " + ENV + " is set: " + BUILD_HINT);
  }

  /** The broker's classpath as a JVM wildcard entry, which keeps the child's command line short. */
  public String kafkaClasspath() {
    return root.resolve("kafka") + File.separator + "*";
  }

  /** The S3Proxy jar-with-dependencies. */
  public Path s3proxyJar() {
    return root.resolve("s3proxy").resolve("s3proxy.jar");
  }

  private static Optional<Path> searchUpward(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      for (Path candidate : List.of(dir.resolve("devstack/target/devstack-lib"), dir.resolve("target/devstack-lib"))) {
        if (isComplete(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isComplete(Path dir) {
    Path kafka = dir.resolve("kafka");
    if (!Files.isRegularFile(dir.resolve("s3proxy").resolve("s3proxy.jar")) || !Files.isDirectory(kafka)) {
      return false;
    }
    try (Stream<Path> jars = Files.list(kafka)) {
      return jars.anyMatch(jar -> jar.getFileName().toString().startsWith("kafka_"));
    } catch (java.io.IOException e) {
      throw new DevstackException("Cannot list " + kafka + ": " + e.getMessage() + "; check its permissions", e);
    }
  }

  private static Optional<Path> codeSource() {
    CodeSource source = DevstackLib.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      // Not a file location (e.g. a custom class loader): the working-directory search still applies.
      return Optional.empty();
    }
  }
}
