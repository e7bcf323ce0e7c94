package dev.latentq.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevstackLibTest {

  @TempDir
  Path dir;

  @Test
  void findsTheLibThisModuleBuildsAboveTheClasses() {
    assumeTrue(System.getenv(DevstackLib.ENV) == null && System.getProperty(DevstackLib.PROPERTY) == null);

    DevstackLib lib = DevstackLib.locate();

    assertThat(lib.root()).endsWith(Path.of("devstack", "target", "devstack-lib"));
    assertThat(lib.s3proxyJar()).isRegularFile();
    assertThat(lib.kafkaClasspath()).isEqualTo(lib.root().resolve("kafka") + File.separator + "*");
  }

  @Test
  void systemPropertyNamesTheLibDirectory() throws Exception {
    Files.createDirectories(dir.resolve("kafka"));
    Files.createFile(dir.resolve("kafka/kafka_2.13-4.4.0.jar"));
    Files.createDirectories(dir.resolve("s3proxy"));
    Files.createFile(dir.resolve("s3proxy/s3proxy.jar"));
    String previous = System.getProperty(DevstackLib.PROPERTY);
    System.setProperty(DevstackLib.PROPERTY, dir.toString());
    try {
      assertThat(DevstackLib.locate().root()).isEqualTo(dir.toAbsolutePath().normalize());
    } finally {
      if (previous == null) {
        System.clearProperty(DevstackLib.PROPERTY);
      } else {
        System.setProperty(DevstackLib.PROPERTY, previous);
      }
    }
  }

  @Test
  void rejectsAnIncompleteDirectoryAndSaysHowToBuildIt() {
    assertThatThrownBy(() -> new DevstackLib(dir))
        .isInstanceOf(DevstackException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("./mvnw -pl devstack package");
  }
}
