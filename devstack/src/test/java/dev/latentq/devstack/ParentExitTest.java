package dev.latentq.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What happens to a server when the JVM that started it goes away. */
@Tag("integration")
@Timeout(120)
class ParentExitTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dataDir;

  @Test
  void sigtermOfTheParentStopsItsServerAndRemovesThePidFile() throws Exception {
    Hosted hosted = startHost();
    try {
      hosted.parent().destroy();

      assertThat(hosted.parent().onExit()).succeedsWithin(WAIT);
      assertThat(hosted.server().onExit()).succeedsWithin(WAIT);
      assertThat(dataDir.resolve("s3proxy.pid")).doesNotExist();
    } finally {
      hosted.parent().destroyForcibly();
      hosted.server().destroyForcibly();
    }
  }

  @Test
  void nextStartStopsTheServerThatAParentKilledWithSigkillLeftBehind() throws Exception {
    Hosted hosted = startHost();
    ProcessHandle orphan = hosted.server();
    hosted.parent().destroyForcibly().waitFor();
    assertThat(orphan.isAlive()).as("SIGKILL gives the parent no chance to stop its child").isTrue();

    try (S3Server server = new S3Server(S3ServerConfig.builder(dataDir).build()).start()) {
      assertThat(orphan.onExit()).succeedsWithin(WAIT);
      assertThat(server.port()).as("the port recorded by the previous run").isEqualTo(hosted.port());
      assertThat(server.pid().orElseThrow()).isNotEqualTo(orphan.pid());
    } finally {
      orphan.destroyForcibly();
    }
  }

  /** A helper JVM and the S3 server it started. */
  private record Hosted(Process parent, ProcessHandle server, int port) {
  }

  /** Starts the helper and reads its "READY pid port" line; its stdout stays open so it can keep printing. */
  private Hosted startHost() throws IOException {
    Process parent = new ProcessBuilder(ChildJvms.command(S3ServerHost.class, dataDir.toString()))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null) {
      parent.destroyForcibly();
      throw new AssertionError("The S3ServerHost helper exited before printing READY (exit " + parent.exitValue()
          + ")");
    }
    String[] ready = line.split(" ");
    return new Hosted(parent, ProcessHandle.of(Long.parseLong(ready[1])).orElseThrow(), Integer.parseInt(ready[2]));
  }
}
