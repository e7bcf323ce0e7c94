package dev.latentq.loadtest.report;

import dev.latentq.loadtest.LoadRunConfig;
import dev.latentq.loadtest.arrival.ArrivalPlan;
import java.util.List;

/**
 * The configuration of a run as recorded in its summary.
 *
 * @param arrivals {@code constant}, {@code poisson} or {@code burst}
 * @param description one line, e.g. {@code poisson, 2 jobs/s, for 1m}
 * @param ratePerSecond nullable: planned rate (null for a burst)
 * @param durationSeconds nullable: planned duration
 * @param count nullable: planned job count (the burst size for a burst)
 * @param seed random seed
 * @param timeoutSeconds wait for outcomes after the last submission
 * @param graceSeconds events were still read this long after every job ended
 * @param bootstrapServers the brokers
 * @param jobsTopic topic jobs went to
 * @param eventsTopic topic events were read from
 * @param mix the job classes
 */
public record RunParameters(String arrivals, String description, Double ratePerSecond, Double durationSeconds,
    Long count, long seed, double timeoutSeconds, double graceSeconds, String bootstrapServers, String jobsTopic,
    String eventsTopic, List<MixEntry> mix) {

  public RunParameters {
    mix = List.copyOf(mix);
  }

  /** The parameters of {@code config}. */
  public static RunParameters of(LoadRunConfig config) {
    ArrivalPlan plan = config.arrivals();
    return new RunParameters(plan.pattern().label(), plan.describe(),
        plan.offeredRate().isPresent() ? plan.offeredRate().getAsDouble() : null,
        plan.duration() == null ? null : plan.duration().toMillis() / 1000.0,
        plan.count(), config.seed(), config.timeout().toMillis() / 1000.0, config.grace().toMillis() / 1000.0,
        config.bootstrapServers(),
        config.topics().jobs(), config.topics().events(),
        config.mix().classes().stream().map(MixEntry::of).toList());
  }
}
