package dev.latentq.loadtest.faults;

import dev.latentq.devstack.WorkerProcess;
import dev.latentq.loadtest.LoadRun;
import dev.latentq.loadtest.LoadRunConfig;
import dev.latentq.loadtest.RunIds;
import dev.latentq.loadtest.RunResult;
import dev.latentq.loadtest.arrival.ArrivalPlan;
import dev.latentq.loadtest.cluster.LocalCluster;
import dev.latentq.loadtest.kafka.BrokerClients;
import dev.latentq.loadtest.ledger.JobTrace;
import dev.latentq.loadtest.stats.DuplicateStats;
import dev.latentq.loadtest.stats.RunStatistics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One scenario's run on a started cluster: the event audit from the first event on, the load run on a background
 * thread, and the checks every scenario shares once the load run ended: no job lost, failed or canceled, no
 * conflicting duplicate, every image once at its key with the reported SHA-256, every worker that was not stopped on
 * purpose still alive. The scenario injects its faults on its own thread meanwhile. Thread-safe.
 */
public final class ScenarioRun implements AutoCloseable {

  private static final Duration AUDIT_CATCH_UP = Duration.ofSeconds(60);
  private static final Duration JOIN_MARGIN = Duration.ofSeconds(90);
  private static final Duration STATUS_INTERVAL = Duration.ofSeconds(10);
  private static final Duration GROUP_SETTLE = Duration.ofSeconds(60);
  /** An open-ended run plans arrivals for this many times its duration; the scenario ends them earlier. */
  private static final int OPEN_ENDED_FACTOR = 10;
  /** The event reader's metadata calls must outlast a broker restart, or the load run loses its events. */
  private static final Map<String, String> CLIENT_PROPERTIES = Map.of("default.api.timeout.ms", "180000");

  private final LocalCluster cluster;
  private final String scenario;
  private final ScenarioSettings settings;
  private final long startNanos;
  private final Findings findings;
  private final EventAudit audit;
  private final LoadRun load;
  private final Thread loadThread;
  private final CountDownLatch loadDone = new CountDownLatch(1);
  private final Set<String> stoppedOnPurpose = ConcurrentHashMap.newKeySet();
  private final boolean openEnded;
  private volatile long arrivalsEndedNanos = -1;
  private volatile RunResult result;
  private volatile Throwable loadFailure;

  private ScenarioRun(LocalCluster cluster, String scenario, ScenarioSettings settings, boolean openEnded) {
    this.cluster = cluster;
    this.scenario = scenario;
    this.settings = settings;
    this.openEnded = openEnded;
    this.startNanos = System.nanoTime();
    this.findings = new Findings(scenario, startNanos, settings.progress());
    this.audit = EventAudit.start(cluster.bootstrapServers(), cluster.topics().events());
    LoadRunConfig config = LoadRunConfig.builder(ArrivalPlan.poisson(settings.rate(),
            openEnded ? settings.duration().multipliedBy(OPEN_ENDED_FACTOR) : settings.duration(), null))
        .runId(scenario + "-" + RunIds.generate(Instant.now()))
        .bootstrapServers(cluster.bootstrapServers())
        .topics(cluster.topics())
        .mix(FaultMix.simulated())
        .seed(settings.seed())
        .timeout(settings.timeout())
        .grace(settings.grace())
        .statusInterval(STATUS_INTERVAL)
        .labels(Map.of("fault", scenario))
        .build();
    this.load = new LoadRun(config, new BrokerClients(cluster.bootstrapServers(), CLIENT_PROPERTIES,
        "latentq-fault-" + scenario), progress -> settings.progress().accept(String.format(Locale.ROOT,
            "[%s] %.0f s %s: submitted %d, waiting for %d", scenario, progress.elapsedSeconds(),
            progress.phase().name().toLowerCase(Locale.ROOT), progress.submitted(), progress.pending())));
    this.loadThread = new Thread(this::runLoad, "latentq-fault-load-" + scenario);
    this.loadThread.setDaemon(true);
  }

  /**
   * Waits until the workers started so far hold all partitions of the jobs topic between them (the group settled),
   * then starts the event audit and the load run.
   */
  public static ScenarioRun start(LocalCluster cluster, String scenario, ScenarioSettings settings)
      throws InterruptedException {
    return start(cluster, scenario, settings, false);
  }

  /**
   * Like {@link #start(LocalCluster, String, ScenarioSettings)}; when {@code openEnded}, jobs keep arriving until
   * the scenario calls {@link #endArrivals()} (at the latest after ten times the duration), so a scenario can wait
   * for a condition (a worker holds partitions, took a share) without the load ending under it.
   */
  public static ScenarioRun start(LocalCluster cluster, String scenario, ScenarioSettings settings,
      boolean openEnded) throws InterruptedException {
    int workers = (int) cluster.workers().stream().filter(WorkerProcess::isAlive).count();
    boolean settled = GroupProbe.awaitSettled(cluster.bootstrapServers(), cluster.topics().jobs(), workers,
        GROUP_SETTLE);
    ScenarioRun run = new ScenarioRun(cluster, scenario, settings, openEnded);
    if (!settled) {
      run.findings.note("the worker group had not settled " + GROUP_SETTLE.toSeconds() + " s after the workers "
          + "started; the load started anyway");
    }
    run.loadThread.start();
    return run;
  }

  public Findings findings() {
    return findings;
  }

  /** The live event audit: which worker runs which job. */
  public EventAudit events() {
    return audit;
  }

  /** Time since the run started. */
  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /**
   * Sleeps until {@code at} after the start.
   *
   * @return false if the load run ended first (every job settled): there is nothing left to disturb
   */
  public boolean awaitElapsed(Duration at) throws InterruptedException {
    long wait = at.toNanos() - (System.nanoTime() - startNanos);
    if (wait > 0) {
      loadDone.await(wait, TimeUnit.NANOSECONDS);
    }
    return loadDone.getCount() > 0;
  }

  /** Ends the arrivals of an open-ended run now; the run goes on waiting for the outcomes. */
  public void endArrivals() {
    if (arrivalsEndedNanos < 0) {
      arrivalsEndedNanos = System.nanoTime() - startNanos;
    }
    load.endArrivals();
  }

  /** Marks a worker as stopped by the scenario, so that it does not count as a worker that died. */
  public void stoppedOnPurpose(String workerName) {
    stoppedOnPurpose.add(workerName);
  }

  /**
   * Waits for the load run (bounded by its duration, timeout and grace plus a margin; stopped beyond that), lets the
   * audit catch up, checks the images and the workers, and records every shared goal that did not hold.
   *
   * @throws IllegalStateException if the load run could not run at all (e.g. the broker was unreachable)
   */
  public ScenarioResult finish() throws InterruptedException {
    Duration arrivals = !openEnded ? settings.duration() : arrivalsEndedNanos >= 0 ? Duration.ofNanos(arrivalsEndedNanos)
        : settings.duration().multipliedBy(OPEN_ENDED_FACTOR);
    Duration bound = arrivals.plus(settings.timeout()).plus(settings.grace()).plus(JOIN_MARGIN);
    long left = bound.toNanos() - (System.nanoTime() - startNanos);
    if (left > 0) {
      loadDone.await(left, TimeUnit.NANOSECONDS);
    }
    if (loadDone.getCount() > 0) {
      findings.violation("the load run did not end within " + bound.toSeconds() + " s and was stopped");
      load.requestStop();
      loadDone.await(60, TimeUnit.SECONDS);
    }
    RunResult run = result;
    if (run == null) {
      throw new IllegalStateException("the load run of scenario " + scenario + " failed: " + loadFailure
          + "; see the cluster's logs", loadFailure);
    }
    if (!audit.awaitCaughtUp(AUDIT_CATCH_UP)) {
      findings.violation("the event audit could not read the events topic to its end within "
          + AUDIT_CATCH_UP.toSeconds() + " s" + (audit.failure() != null ? ": " + audit.failure() : ""));
    }
    RunStatistics statistics = run.statistics();
    EventLog events = audit.snapshot();
    List<JobTrace> retraced = run.ledger().jobs().stream().map(events::retrace).toList();
    DuplicateStats duplicates = DuplicateStats.of(retraced);
    List<String> jobIds = run.ledger().jobs().stream().map(JobTrace::jobId).toList();
    ObjectCheck objects;
    try (ObjectAudit objectAudit = new ObjectAudit(cluster.devstack().s3Endpoint(),
        cluster.devstack().s3AccessKey(), cluster.devstack().s3SecretKey())) {
      objects = objectAudit.check(events, jobIds);
    }
    Liveness workers = checkWorkers();
    ScenarioResult scenarioResult = new ScenarioResult(run, statistics, events, duplicates, objects, workers.alive(),
        workers.expected(), elapsed());
    SharedGoals.check(scenarioResult, findings);
    return scenarioResult;
  }

  /** The report of this run, with the hostile records' check when the scenario sent some. */
  public FaultReport report(ScenarioResult result, String description, DeadLetterCheck deadLetters) {
    return new FaultReport(scenario, description, result.statistics().overall(), result.duplicates(),
        result.objects(), deadLetters, result.workersAlive(), result.workersExpected(), result.elapsed(),
        findings.faults(), findings.notes(), findings.violations());
  }

  @Override
  public void close() throws InterruptedException {
    if (loadDone.getCount() > 0) {
      load.requestStop();
      loadDone.await(60, TimeUnit.SECONDS);
    }
    audit.close();
  }

  /** Workers alive of those not stopped on purpose; notes what their logs say about errors and paused intake. */
  private Liveness checkWorkers() {
    int expected = 0;
    int alive = 0;
    for (WorkerProcess worker : cluster.workers()) {
      if (!stoppedOnPurpose.contains(worker.name())) {
        expected++;
        if (worker.isAlive()) {
          alive++;
        } else {
          findings.violation("worker " + worker.name() + " is not running at the end; see " + worker.log());
        }
      }
      List<String> errors = WorkerLogs.errors(worker.log());
      if (!errors.isEmpty()) {
        findings.note("worker " + worker.name() + " logged " + errors.size() + " ERROR line(s), the first: `"
            + errors.getFirst() + "`");
      }
      if (worker.isAlive()) {
        WorkerLogs.pausedIntake(worker.log()).ifPresent(line -> findings.note("worker " + worker.name()
            + " ends with its intake paused, taking no jobs: `" + line + "`"));
      }
    }
    return new Liveness(alive, expected);
  }

  /** How many workers should be running at the end, and how many are. */
  private record Liveness(int alive, int expected) {}

  private void runLoad() {
    try {
      result = load.run();
    } catch (InterruptedException e) {
      loadFailure = e;
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      loadFailure = e;
    } finally {
      loadDone.countDown();
    }
  }
}
