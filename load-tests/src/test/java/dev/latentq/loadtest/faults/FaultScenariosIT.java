package dev.latentq.loadtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.devstack.DevstackException;
import dev.latentq.devstack.WorkerProcess;
import dev.latentq.loadtest.cluster.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast subset of the fault tests: each scenario small and short, on its own cluster (a real broker, S3 server and
 * simulated worker processes). The long runs are the {@code faults} command; see docs/reliability.md.
 */
@Tag("integration")
class FaultScenariosIT {

  private static final int PARTITIONS = 4;
  private static final double RATE = 2;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration GRACE = Duration.ofSeconds(5);
  /**
   * A hang guard only: the scenarios wait for their conditions (kills and restarts done, outcomes seen), which take
   * minutes longer on a busy machine than the ~60 s they take on a quiet one.
   */
  private static final long SCENARIO_LIMIT_SECONDS = 600;

  @TempDir
  Path dir;

  @BeforeAll
  static void requireTheWorkerJar() {
    try {
      WorkerProcess.locateJar();
    } catch (DevstackException e) {
      Assumptions.abort("fault tests need worker/target/latentq-worker.jar, which a reactor build (./mvnw verify) "
          + "packages before these tests run; skipped: " + e.getMessage());
    }
  }

  @Test
  @Timeout(SCENARIO_LIMIT_SECONDS)
  void killedWorkersLoseNoJobAndRedeliveredJobsRewriteIdenticalImages() throws InterruptedException {
    FaultReport report = run(new WorkerKillScenario(3), Duration.ofSeconds(20));

    assertGoalsHeld(report);
    assertThat(report.faults()).filteredOn(f -> f.contains("kill -9")).hasSize(3);
  }

  @Test
  @Timeout(SCENARIO_LIMIT_SECONDS)
  void brokerRestartsLoseNoJob() throws InterruptedException {
    FaultReport report = run(new BrokerRestartScenario(), Duration.ofSeconds(20));

    assertGoalsHeld(report);
    assertThat(report.faults()).filteredOn(f -> f.contains("up again")).hasSize(2);
  }

  @Test
  @Timeout(SCENARIO_LIMIT_SECONDS)
  void anS3OutageWithinTheRetryBudgetFailsNoJob() throws InterruptedException {
    FaultReport report = run(new S3OutageScenario(Duration.ofSeconds(5)), Duration.ofSeconds(20));

    assertGoalsHeld(report);
    assertThat(report.jobs().failed()).isZero();
    assertThat(report.faults()).anyMatch(f -> f.contains("S3 server started again"));
  }

  @Test
  @Timeout(SCENARIO_LIMIT_SECONDS)
  void hostileRecordsAreDeadLetteredWithAReasonWhileGoodJobsSucceed() throws InterruptedException {
    FaultReport report = run(new HostileRecordsScenario(400, EnumSet.allOf(HostileKind.class)),
        Duration.ofSeconds(20));

    assertGoalsHeld(report);
    DeadLetterCheck dead = report.deadLetters();
    assertThat(dead.sent()).isEqualTo(400);
    assertThat(dead.withReason()).isEqualTo(400);
    assertThat(dead.foreign()).isZero();
    assertThat(dead.failedEventsSeen()).isEqualTo(dead.failedEventsExpected()).isPositive();
    assertThat(dead.byKind()).containsOnlyKeys(EnumSet.allOf(HostileKind.class));
    assertThat(dead.unexpectedEvents()).isZero();
    for (HostileKind keyLevel : EnumSet.of(HostileKind.KEY_MISMATCH, HostileKind.NULL_KEY)) {
      DeadLetterCheck.KindTally tally = dead.byKind().get(keyLevel);
      assertThat(tally.sent()).as("%s", keyLevel).isPositive();
      assertThat(tally.withReason()).as("%s", keyLevel).isEqualTo(tally.sent());
      assertThat(tally.failedEventsExpected()).as("%s", keyLevel).isZero();
    }
  }

  @Test
  @Timeout(SCENARIO_LIMIT_SECONDS)
  void abortedTransactionsNeverRunIdConflictsFailAndPoisonRowsFailAlone() throws InterruptedException {
    FaultReport report = run(new SemanticsScenario(2), Duration.ofSeconds(20));

    assertGoalsHeld(report);
    assertThat(report.faults()).anyMatch(f -> f.contains("aborted transaction"))
        .anyMatch(f -> f.contains("under the ids")).anyMatch(f -> f.contains("poison rows"));
    assertThat(report.notes()).contains("2 of 2 jobs of the aborted transaction never ran (no event, no image)",
        "2 of 2 id conflicts failed id_conflict, not retryable, with the first images unchanged",
        "2 of 2 poison rows failed unsupported_request, not retryable",
        "2 of 2 jobs of the case 'good job of a burst with poison rows' succeeded");
  }

  @Test
  @Timeout(SCENARIO_LIMIT_SECONDS)
  void joiningWorkersTakeAShareAndADrainingOneLosesNoJob() throws InterruptedException {
    FaultReport report = run(new RebalanceScenario(), Duration.ofSeconds(22));

    assertGoalsHeld(report);
    assertThat(report.workersExpected()).isEqualTo(2);
    assertThat(report.notes()).anyMatch(n -> n.startsWith("succeeded jobs by worker: ") && n.contains("w3="));
  }

  private FaultReport run(FaultScenario scenario, Duration duration) throws InterruptedException {
    ScenarioSettings settings = new ScenarioSettings(RATE, duration, TIMEOUT, GRACE, 42, System.out::println);
    try (LocalCluster cluster = LocalCluster.start(dir.resolve(scenario.name()), PARTITIONS, Map.of())) {
      FaultReport report = scenario.run(cluster, settings).report();
      System.out.println(new FaultMarkdown().section(report));
      return report;
    }
  }

  private static void assertGoalsHeld(FaultReport report) {
    assertThat(report.violations()).as("violated goals of %s", report.scenario()).isEmpty();
    assertThat(report.jobs().submitted()).isPositive();
    assertThat(report.jobs().lost()).isZero();
    assertThat(report.jobs().succeeded()).isEqualTo(report.jobs().submitted() - report.jobs().notSent());
    assertThat(report.duplicates().conflictingJobs()).isZero();
    assertThat(report.objects().clean()).isTrue();
    assertThat(report.objects().verified()).isPositive();
    assertThat(report.workersAlive()).isEqualTo(report.workersExpected()).isPositive();
  }
}
