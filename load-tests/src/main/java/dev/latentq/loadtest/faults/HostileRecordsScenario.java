package dev.latentq.loadtest.faults;

import dev.latentq.loadtest.cluster.LocalCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Two workers; hostile records of every {@link HostileKind} are sent to the jobs topic, spread evenly over the run and
 * interleaved with the good jobs. Each must land in the dead-letter topic with a reason, the expected code and its
 * original key and value; those with a readable id also get a failed event. The good jobs must all succeed, and the
 * workers must keep running.
 */
public final class HostileRecordsScenario implements FaultScenario {

  private static final List<String> WORKERS = List.of("w1", "w2");
  private static final Duration FEEDER_DONE = Duration.ofMinutes(2);
  private static final Duration DEAD_LETTERS_DONE = Duration.ofSeconds(60);
  private static final Duration FAILED_EVENTS_DONE = Duration.ofSeconds(20);

  private final int count;
  private final Set<HostileKind> kinds;
  private final HostileRecords records;

  /**
   * @param count how many hostile records to send
   * @param kinds which kinds to send
   */
  public HostileRecordsScenario(int count, Set<HostileKind> kinds) {
    if (count < 1) {
      throw new IllegalArgumentException("the hostile record count must be at least 1, got " + count);
    }
    this.count = count;
    this.kinds = Set.copyOf(kinds);
    this.records = new HostileRecords(kinds);
  }

  @Override
  public String name() {
    return "hostile";
  }

  @Override
  public String description() {
    return "Two workers; " + count + " malformed or hostile records (" + kinds.size()
        + " kinds) interleaved with the good jobs.";
  }

  @Override
  public Duration defaultDuration() {
    return Duration.ofMinutes(2);
  }

  @Override
  public FaultOutcome run(LocalCluster cluster, ScenarioSettings settings) throws InterruptedException {
    WORKERS.forEach(cluster::startWorker);
    try (ScenarioRun run = ScenarioRun.start(cluster, name(), settings);
        HostileFeeder feeder = HostileFeeder.start(cluster.bootstrapServers(), cluster.topics().jobs(), records,
            count, settings.duration())) {
      run.findings().fault("sending " + count + " hostile records over " + settings.duration().toSeconds() + " s");
      ScenarioResult result = run.finish();
      if (!feeder.awaitDone(FEEDER_DONE)) {
        run.findings().violation("the hostile records were not all sent within " + FEEDER_DONE.toSeconds()
            + " s after the load run");
      }
      Set<Integer> sent = feeder.delivered();
      Map<Integer, String> failures = feeder.failures();
      run.findings().note(sent.size() + " hostile records delivered to Kafka, " + failures.size() + " not");
      if (!failures.isEmpty()) {
        run.findings().violation("the producer could not deliver " + failures.size() + " hostile record(s), e.g. "
            + failures.entrySet().iterator().next());
      }
      DeadLetterAudit audit = new DeadLetterAudit(cluster.bootstrapServers(), cluster.topics().deadLetter(),
          records);
      DeadLetterAudit.Letters letters = audit.collect(sent, DEAD_LETTERS_DONE);
      EventLog events = awaitFailedEvents(run, sent);
      DeadLetterCheck check = audit.check(letters, sent, failures.size(), events);
      if (!check.clean()) {
        run.findings().violation(describe(check));
      }
      if (check.truncatedCopies() > 0) {
        run.findings().note(check.truncatedCopies() + " hostile record(s) too large for the dead-letter topic even "
            + "compressed were dead-lettered with the beginning of their value and dead-letter-value-truncated");
      }
      if (check.extraCopies() > 0) {
        run.findings().note(check.extraCopies() + " extra dead-letter cop(ies) of hostile records: they were "
            + "processed again after a redelivery (at least once)");
      }
      return new FaultOutcome(run.report(result, description(), check), result.run());
    }
  }

  /** The failed events of readable ids are published beside the dead letters; wait until they are all read. */
  private EventLog awaitFailedEvents(ScenarioRun run, Set<Integer> sent) throws InterruptedException {
    List<String> ids = sent.stream().map(records::record).map(HostileRecord::jobId)
        .filter(id -> id != null).toList();
    long deadline = System.nanoTime() + FAILED_EVENTS_DONE.toNanos();
    while (true) {
      run.events().awaitCaughtUp(FAILED_EVENTS_DONE);
      EventLog events = run.events().snapshot();
      boolean all = ids.stream().map(events::firstFailed).allMatch(Optional::isPresent);
      if (all || System.nanoTime() > deadline) {
        return events;
      }
      Thread.sleep(1000);
    }
  }

  private static String describe(DeadLetterCheck check) {
    return "hostile records: " + check.deadLettered() + " of " + check.sent() + " in the dead-letter topic, "
        + check.withReason() + " with a reason, the expected code and the original record; " + check.foreign()
        + " other record(s) there; " + check.failedEventsSeen() + " of " + check.failedEventsExpected()
        + " failed events for readable ids; " + check.unexpectedEvents()
        + " job(s) of wrongly keyed records with events; e.g. " + check.problems();
  }
}
