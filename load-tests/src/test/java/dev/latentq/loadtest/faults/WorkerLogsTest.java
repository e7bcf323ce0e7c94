package dev.latentq.loadtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerLogsTest {

  private static final String PAUSE = "12:36:48.324 INFO  [vert.x-eventloop-thread-0] d.l.w.k.IntakeVerticle - "
      + "pausing intake: 32 jobs held";
  private static final String RESUME = "12:36:50.100 INFO  [vert.x-eventloop-thread-0] d.l.w.k.IntakeVerticle - "
      + "resuming intake: 16 jobs held";
  private static final String ERROR = "12:15:05.644 ERROR [vert.x-eventloop-thread-0] i.v.c.impl.ContextImpl - "
      + "Unhandled exception";
  private static final String BANNER = "---- LatentQ devstack 2026-11-26T12:36:50.626881577Z: starting worker w1 ----";

  @TempDir
  Path dir;

  @Test
  void aPauseWithoutALaterResumeLeavesTheIntakePaused() throws IOException {
    Path log = write(BANNER, RESUME, PAUSE);

    assertThat(WorkerLogs.pausedIntake(log)).contains(PAUSE);
  }

  @Test
  void aResumeOrARestartAfterThePauseClearsIt() throws IOException {
    assertThat(WorkerLogs.pausedIntake(write(BANNER, PAUSE, RESUME))).isEmpty();
    assertThat(WorkerLogs.pausedIntake(write(BANNER, PAUSE, BANNER, "12:37:00.000 INFO  running"))).isEmpty();
  }

  @Test
  void errorLinesAreTheLogbackErrorLevelOnly() throws IOException {
    Path log = write(BANNER, ERROR, "java.lang.NullPointerException: ERROR in a stack trace", PAUSE);

    assertThat(WorkerLogs.errors(log)).containsExactly(ERROR);
    assertThat(WorkerLogs.errors(dir.resolve("missing.log"))).isEmpty();
  }

  private Path write(String... lines) throws IOException {
    return Files.write(Files.createTempFile(dir, "w", ".log"), List.of(lines));
  }
}
