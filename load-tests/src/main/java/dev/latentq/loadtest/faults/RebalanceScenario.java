package dev.latentq.loadtest.faults;

import dev.latentq.loadtest.cluster.LocalCluster;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One worker to start with; at a quarter of the run two more join the group, at two thirds one of them is stopped
 * with SIGTERM (it drains: finishes its batch, commits, leaves). The group rebalances both times; no job may be lost
 * and the joined workers must take a share of the jobs.
 */
public final class RebalanceScenario implements FaultScenario {

  private static final String FIRST = "w1";
  private static final List<String> JOINING = List.of("w2", "w3");
  private static final String LEAVING = "w2";

  @Override
  public String name() {
    return "rebalance";
  }

  @Override
  public String description() {
    return "One worker; two more join at 1/4 of the run, and one of them is stopped with SIGTERM (drain) at 2/3.";
  }

  @Override
  public Duration defaultDuration() {
    return Duration.ofMinutes(3);
  }

  @Override
  public FaultOutcome run(LocalCluster cluster, ScenarioSettings settings) throws InterruptedException {
    cluster.startWorker(FIRST);
    try (ScenarioRun run = ScenarioRun.start(cluster, name(), settings)) {
      boolean joined = false;
      boolean left = false;
      if (run.awaitElapsed(settings.duration().dividedBy(4))) {
        for (String worker : JOINING) {
          long start = System.nanoTime();
          cluster.startWorker(worker);
          run.findings().fault(String.format(Locale.ROOT, "%s joined (running after %.1f s)", worker,
              (System.nanoTime() - start) / 1e9));
        }
        joined = true;
      }
      if (run.awaitElapsed(settings.duration().multipliedBy(2).dividedBy(3))) {
        run.findings().fault("SIGTERM " + LEAVING + " (drain)");
        run.stoppedOnPurpose(LEAVING);
        long start = System.nanoTime();
        cluster.stop(LEAVING);
        run.findings().fault(String.format(Locale.ROOT, "%s exited after %.1f s", LEAVING,
            (System.nanoTime() - start) / 1e9));
        left = true;
      }
      ScenarioResult result = run.finish();
      if (!joined || !left) {
        run.findings().violation("the load run ended before the workers joined and left; give it a longer "
            + "--duration");
      }
      Map<String, Long> byWorker = result.events().successesByWorker(result.jobIds());
      run.findings().note("succeeded jobs by worker: " + byWorker + "; "
          + result.events().startedOnSeveralWorkers(result.jobIds()) + " job(s) were started by more than one "
          + "worker");
      for (String worker : JOINING) {
        if (joined && byWorker.getOrDefault(worker, 0L) == 0) {
          run.findings().violation("worker " + worker + " joined but finished no job: consumption did not spread");
        }
      }
      return new FaultOutcome(run.report(result, description(), null), result.run());
    }
  }
}
