package dev.latentq.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class PidFileTest {

  private static final Duration GRACE = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  @Test
  void stopsAnOrphanWhoseCommandLineCarriesTheMarker() throws Exception {
    String marker = dir.resolve("server.properties").toString();
    long[] pids = ChildJvms.orphan(Sleeper.class, marker);
    ProcessHandle orphan = ProcessHandle.of(pids[0]).orElseThrow();
    try {
      PidFile pidFile = new PidFile(dir.resolve("x.pid"), marker);
      Files.writeString(pidFile.file(), "pid=" + pids[0] + "\nparentPid=" + pids[1] + "\n");

      pidFile.stopOrphan(GRACE);

      assertThat(orphan.onExit()).succeedsWithin(GRACE);
      assertThat(pidFile.file()).doesNotExist();
    } finally {
      orphan.destroyForcibly();
    }
  }

  @Test
  void refusesToStopAProcessWhoseRecordedParentStillRunsIt() throws Exception {
    String marker = dir.resolve("server.properties").toString();
    Process child = new ProcessBuilder(ChildJvms.command(Sleeper.class, marker)).start();
    try {
      PidFile pidFile = new PidFile(dir.resolve("x.pid"), marker);
      pidFile.record(child.toHandle());

      assertThatThrownBy(() -> pidFile.stopOrphan(GRACE))
          .isInstanceOf(DevstackException.class)
          .hasMessageContaining("already running for this data directory")
          .hasMessageContaining("close the other instance first");
      assertThat(child.isAlive()).isTrue();
    } finally {
      child.destroyForcibly().waitFor();
    }
  }

  @Test
  void leavesAlonePidsThatNowBelongToAnotherProgram() throws Exception {
    PidFile pidFile = new PidFile(dir.resolve("x.pid"), dir.resolve("server.properties").toString());
    Files.writeString(pidFile.file(), "pid=" + ProcessHandle.current().pid() + "\nparentPid=1\n");

    pidFile.stopOrphan(GRACE);

    assertThat(pidFile.file()).doesNotExist();
  }

  @Test
  void forgetsPidsOfProcessesThatExited() throws Exception {
    Process gone = new ProcessBuilder(ChildJvm.javaExecutable().toString(), "-version").start();
    gone.waitFor();
    PidFile pidFile = new PidFile(dir.resolve("x.pid"), "whatever");
    Files.writeString(pidFile.file(), "pid=" + gone.pid() + "\nparentPid=" + ProcessHandle.current().pid() + "\n");

    pidFile.stopOrphan(GRACE);

    assertThat(pidFile.file()).doesNotExist();
  }
}
