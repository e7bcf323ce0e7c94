package dev.latentq.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevstackArgsTest {

  @Test
  void parsesPortsTopicsAndCredentials() {
    DevstackArgs args = DevstackArgs.parse("--dir", "/tmp/x", "--kafka-port", "19092", "--controller-port", "19093",
        "--s3-port", "19000", "--topics", "jobs:3, results:1", "--access-key", "ak", "--secret-key", "sk",
        "--ignore-stdin");

    assertThat(args).isEqualTo(new DevstackArgs(Path.of("/tmp/x"), 19092, 19093, 19000,
        Map.of("jobs", 3, "results", 1), "ak", "sk", false));
  }

  @Test
  void defaultsToFreePortsDefaultCredentialsAndWatchingStdin() {
    DevstackArgs args = DevstackArgs.parse("--dir", "d");

    assertThat(args).isEqualTo(new DevstackArgs(Path.of("d"), 0, 0, 0, Map.of(), "latentq", "latentq-secret-key",
        true));
  }

  @Test
  void requiresTheDirectory() {
    assertThatThrownBy(() -> DevstackArgs.parse("--kafka-port", "1")).hasMessage("--dir is required");
  }

  @Test
  void rejectsMalformedTopicsAndPorts() {
    assertThatThrownBy(() -> DevstackArgs.parse("--dir", "d", "--topics", "jobs"))
        .hasMessageContaining("name:partitions");
    assertThatThrownBy(() -> DevstackArgs.parse("--dir", "d", "--topics", "jobs:0"))
        .hasMessageContaining("at least 1 partition");
    assertThatThrownBy(() -> DevstackArgs.parse("--dir", "d", "--s3-port", "70000")).hasMessageContaining("0..65535");
    assertThatThrownBy(() -> DevstackArgs.parse("--dir", "d", "--kafka-port", "x")).hasMessageContaining("number");
  }

  @Test
  void rejectsUnknownOptionsAndMissingValues() {
    assertThatThrownBy(() -> DevstackArgs.parse("--dir", "d", "--verbose", "1")).hasMessage("Unknown option --verbose");
    assertThatThrownBy(() -> DevstackArgs.parse("--dir")).hasMessage("Missing value after --dir");
  }
}
