package dev.latentq.loadtest;

import dev.latentq.loadtest.arrival.ArrivalPlan;
import dev.latentq.loadtest.mix.JobMix;
import dev.latentq.protocol.Topics;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one load run does. Build it with {@link #builder(ArrivalPlan)}.
 *
 * @param runId names the run; job ids are {@code lt-<runId>-<n>}
 * @param bootstrapServers the brokers, for the report (the clients come from
 *     {@link dev.latentq.loadtest.kafka.KafkaClients})
 * @param topics jobs go to {@code topics.jobs()}, events are read from {@code topics.events()}
 * @param arrivals when to submit
 * @param mix what to submit
 * @param seed seeds arrivals, class choice, prompts and image seeds
 * @param timeout how long to wait for outcomes after the last submission; jobs without one are lost
 * @param grace how long to keep reading events once every job has an outcome, to catch late duplicates (e.g. a
 *     redelivered job finishing twice); zero stops at once
 * @param statusInterval how often the {@link RunObserver} hears about progress
 * @param labels free-form tags copied into the summary, e.g. {@code maxBatch=8}, for aggregating sweeps
 */
public record LoadRunConfig(String runId, String bootstrapServers, Topics topics, ArrivalPlan arrivals, JobMix mix,
    long seed, Duration timeout, Duration grace, Duration statusInterval, Map<String, String> labels) {

  public LoadRunConfig {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(arrivals, "arrivals");
    Objects.requireNonNull(mix, "mix");
    requirePositive(timeout, "timeout");
    if (grace == null || grace.isNegative()) {
      throw new IllegalArgumentException("grace must be zero or a positive duration, got " + grace);
    }
    requirePositive(statusInterval, "statusInterval");
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  /** A builder with a fresh run id, the default topics, the default shapes mix and a random seed. */
  public static Builder builder(ArrivalPlan arrivals) {
    return new Builder(arrivals);
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + duration);
    }
  }

  /** Builds {@link LoadRunConfig}s. Not thread-safe. */
  public static final class Builder {
    private final ArrivalPlan arrivals;
    private String runId = RunIds.generate(Instant.now());
    private String bootstrapServers = "localhost:9092";
    private Topics topics = Topics.DEFAULTS;
    private JobMix mix = JobMix.defaultShapes();
    private long seed = new SecureRandom().nextLong();
    private Duration timeout = Duration.ofSeconds(120);
    private Duration grace = Duration.ofSeconds(2);
    private Duration statusInterval = Duration.ofSeconds(5);
    private Map<String, String> labels = Map.of();

    private Builder(ArrivalPlan arrivals) {
      this.arrivals = Objects.requireNonNull(arrivals, "arrivals");
    }

    public Builder runId(String value) {
      runId = value;
      return this;
    }

    public Builder bootstrapServers(String value) {
      bootstrapServers = value;
      return this;
    }

    public Builder topics(Topics value) {
      topics = value;
      return this;
    }

    public Builder mix(JobMix value) {
      mix = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder timeout(Duration value) {
      timeout = value;
      return this;
    }

    public Builder grace(Duration value) {
      grace = value;
      return this;
    }

    public Builder statusInterval(Duration value) {
      statusInterval = value;
      return this;
    }

    public Builder labels(Map<String, String> value) {
      labels = value;
      return this;
    }

    public LoadRunConfig build() {
      return new LoadRunConfig(runId, bootstrapServers, topics, arrivals, mix, seed, timeout, grace, statusInterval,
          labels);
    }
  }
}
