package dev.latentq.loadtest.faults;

import dev.latentq.loadtest.cluster.LocalCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One worker to start with; at a quarter of the run two more join the group, at two thirds one of them is stopped
 * with SIGTERM (it drains: finishes its batch, commits, leaves). The group rebalances both times; no job may be lost
 * and the joined workers must take a share of the jobs.
 *
 * <p>The steps wait for conditions, not only for points in time: the joined workers must hold partitions and have
 * finished a job each before one of them is stopped, and jobs keep arriving until then (an open-ended run), so a
 * worker that is slow to start on a busy machine still gets its share.
 */
public final class RebalanceScenario implements FaultScenario {

  private static final String FIRST = "w1";
  private static final List<String> JOINING = List.of("w2", "w3");
  private static final String LEAVING = "w2";
  /** How long the joined workers may take to hold partitions, and then to finish a job each. */
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(120);

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
    try (ScenarioRun run = ScenarioRun.start(cluster, name(), settings, true)) {
      boolean joined = false;
      boolean left = false;
      if (run.awaitElapsed(settings.duration().dividedBy(4))) {
        startJoining(cluster, run);
        joined = true;
        if (!GroupProbe.awaitSettled(cluster.bootstrapServers(), cluster.topics().jobs(), 1 + JOINING.size(),
            JOIN_TIMEOUT)) {
          run.findings().note("the group had not settled with the joined workers " + JOIN_TIMEOUT.toSeconds()
              + " s after they started");
        }
        awaitShares(run);
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
      run.awaitElapsed(settings.duration());
      run.endArrivals();
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

  /** Starts the joining workers at once, in parallel, each reporting how long it took to run. */
  private static void startJoining(LocalCluster cluster, ScenarioRun run) throws InterruptedException {
    List<Thread> starters = new ArrayList<>();
    for (String worker : JOINING) {
      Thread starter = new Thread(() -> {
        long start = System.nanoTime();
        cluster.startWorker(worker);
        run.findings().fault(String.format(Locale.ROOT, "%s joined (running after %.1f s)", worker,
            (System.nanoTime() - start) / 1e9));
      }, "latentq-fault-start-" + worker);
      starter.start();
      starters.add(starter);
    }
    for (Thread starter : starters) {
      starter.join();
    }
  }

  /** Waits, while jobs keep arriving, until every joined worker has finished a job (or the timeout passed). */
  private static void awaitShares(ScenarioRun run) throws InterruptedException {
    long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      EventLog events = run.events().snapshot();
      Map<String, Long> byWorker = events.successesByWorker(events.byJob().keySet());
      if (JOINING.stream().allMatch(w -> byWorker.getOrDefault(w, 0L) > 0)) {
        return;
      }
      Thread.sleep(200);
    }
  }
}
