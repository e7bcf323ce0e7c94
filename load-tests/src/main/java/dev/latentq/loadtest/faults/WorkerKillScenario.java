package dev.latentq.loadtest.faults;

import dev.latentq.loadtest.cluster.LocalCluster;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two workers; {@code duration / (kills + 1)} after the previous restart, the worker with the most jobs in its
 * batch gets SIGKILL (no drain, no commit), and is restarted under the same name one second later, so that the
 * other worker is alive throughout; jobs keep arriving until the last restart and one interval more. Its jobs are redelivered from the last committed offset once its group membership expires.
 */
public final class WorkerKillScenario implements FaultScenario {

  private static final List<String> WORKERS = List.of("w1", "w2");
  private static final Duration RESTART_PAUSE = Duration.ofSeconds(1);
  private static final Duration BUSY_WAIT = Duration.ofSeconds(5);
  private static final long POLL_MILLIS = 50;
  /**
   * Each kill stalls the victim's partitions until its group membership expires, and a backlog can be caught by
   * several kills in a row: jobs may take far longer than usual without being lost.
   */
  private static final Duration KILL_TIMEOUT = Duration.ofMinutes(3);

  private final int kills;

  /** @param kills how many times a worker is killed */
  public WorkerKillScenario(int kills) {
    if (kills < 1) {
      throw new IllegalArgumentException("kills must be at least 1, got " + kills);
    }
    this.kills = kills;
  }

  @Override
  public String name() {
    return "kill";
  }

  @Override
  public String description() {
    return "Two workers; " + kills + " times the worker with jobs in its batch is killed with SIGKILL and "
        + "restarted 1 s later, while the other keeps running.";
  }

  /** About 12 s per kill: a restart takes a few seconds, and the group notices a dead member within 10 s. */
  @Override
  public Duration defaultDuration() {
    return Duration.ofSeconds(Math.max(60, 12L * kills));
  }

  @Override
  public FaultOutcome run(LocalCluster cluster, ScenarioSettings settings) throws InterruptedException {
    WORKERS.forEach(cluster::startWorker);
    // Open-ended: jobs keep arriving until every kill has happened, however long restarts take on a busy machine.
    try (ScenarioRun run = ScenarioRun.start(cluster, name(), settings.withTimeoutAtLeast(KILL_TIMEOUT), true)) {
      Duration interval = settings.duration().dividedBy(kills + 1);
      int done = 0;
      int midBatch = 0;
      String last = WORKERS.get(1);
      for (int k = 1; k <= kills && run.awaitElapsed(run.elapsed().plus(interval)); k++) {
        String victim = busiest(run, last);
        int running = run.events().runningJobs().getOrDefault(victim, 0);
        cluster.kill(victim);
        run.events().forgetRunning(victim);
        done++;
        midBatch += running > 0 ? 1 : 0;
        last = victim;
        run.findings().fault("kill -9 " + victim + " (" + running + " job(s) in its batch)");
        Thread.sleep(RESTART_PAUSE);
        long restart = System.nanoTime();
        cluster.startWorker(victim);
        run.findings().fault(String.format(Locale.ROOT, "restarted %s (running after %.1f s)", victim,
            (System.nanoTime() - restart) / 1e9));
      }
      // Jobs that arrive after the last restart show the group serving on with both workers.
      run.awaitElapsed(run.elapsed().plus(interval));
      run.endArrivals();
      ScenarioResult result = run.finish();
      if (done < kills) {
        run.findings().violation("only " + done + " of " + kills + " kills happened before the load run ended; "
            + "give it a longer --duration");
      }
      run.findings().note(done + " kills, " + midBatch + " of them with jobs in the victim's batch; "
          + result.events().startedOnSeveralWorkers(result.jobIds()) + " job(s) were started by more than one "
          + "worker (taken over after a kill)");
      return new FaultOutcome(run.report(result, description(), null), result.run());
    }
  }

  /**
   * The worker with the most jobs in its batch, waiting up to {@link #BUSY_WAIT} for one to have any; when none
   * does, the one not killed last.
   */
  private static String busiest(ScenarioRun run, String last) throws InterruptedException {
    long deadline = System.nanoTime() + BUSY_WAIT.toNanos();
    String fallback = WORKERS.get(0).equals(last) ? WORKERS.get(1) : WORKERS.get(0);
    while (true) {
      Map<String, Integer> running = run.events().runningJobs();
      String best = null;
      int most = 0;
      for (String worker : WORKERS) {
        int count = running.getOrDefault(worker, 0);
        if (count > most || (count == most && count > 0 && worker.equals(fallback))) {
          best = worker;
          most = count;
        }
      }
      if (best != null || System.nanoTime() > deadline) {
        return best != null ? best : fallback;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
