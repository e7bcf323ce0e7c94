package dev.latentq.loadtest.faults;

import dev.latentq.devstack.KafkaBroker;
import dev.latentq.loadtest.cluster.LocalCluster;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Two workers; a third of the duration into the run the Kafka broker is restarted gracefully (SIGTERM, controlled
 * shutdown), a third after it is up again it is killed with SIGKILL and started again, and jobs keep arriving for a
 * third more. Workers, the load generator's producer and its event reader
 * must reconnect on their own; jobs submitted while the broker is down wait in the producer (it retries for
 * {@code delivery.timeout.ms}, 120 s) and are delivered once it is back.
 */
public final class BrokerRestartScenario implements FaultScenario {

  private static final List<String> WORKERS = List.of("w1", "w2");

  @Override
  public String name() {
    return "broker";
  }

  @Override
  public String description() {
    return "Two workers; the Kafka broker is restarted gracefully at 1/3 of the run and killed with SIGKILL and "
        + "started again at 2/3.";
  }

  @Override
  public Duration defaultDuration() {
    return Duration.ofMinutes(2);
  }

  @Override
  public FaultOutcome run(LocalCluster cluster, ScenarioSettings settings) throws InterruptedException {
    WORKERS.forEach(cluster::startWorker);
    KafkaBroker broker = cluster.devstack().kafka();
    Duration third = settings.duration().dividedBy(3);
    // Open-ended: jobs keep arriving until both restarts have happened, however long a restart takes.
    try (ScenarioRun run = ScenarioRun.start(cluster, name(), settings, true)) {
      if (run.awaitElapsed(third)) {
        run.findings().fault("broker: graceful stop");
        long down = System.nanoTime();
        broker.restart();
        run.findings().fault(String.format(Locale.ROOT, "broker: up again after %.1f s", seconds(down)));
      }
      if (run.awaitElapsed(run.elapsed().plus(third))) {
        run.findings().fault("broker: kill -9");
        long down = System.nanoTime();
        broker.kill();
        broker.start();
        run.findings().fault(String.format(Locale.ROOT, "broker: up again after %.1f s", seconds(down)));
      }
      run.awaitElapsed(run.elapsed().plus(third));
      run.endArrivals();
      ScenarioResult result = run.finish();
      if (run.findings().faults().size() < 4) {
        run.findings().violation("the load run ended before both broker restarts; give it a longer --duration");
      }
      run.findings().note(String.format(Locale.ROOT, "the load generator's largest lag behind its arrival schedule "
          + "was %.1f s (sends wait while the broker is down)", result.run().maxScheduleLagNanos() / 1e9));
      return new FaultOutcome(run.report(result, description(), null), result.run());
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
