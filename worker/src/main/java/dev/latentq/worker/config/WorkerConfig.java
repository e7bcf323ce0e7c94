package dev.latentq.worker.config;

import dev.latentq.protocol.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole, validated configuration of one worker, as built by {@link ConfigLoader}; {@code latentq-example.yaml}
 * documents every key and its default. Immutable; neither {@link #toString()} nor {@link #summary()} shows secrets.
 *
 * @param workerId names this worker in events, logs and client ids
 * @param models the models served, at least one, ids unique
 */
public record WorkerConfig(String workerId, KafkaSettings kafka, StorageSettings storage,
    List<ModelSettings> models, EngineSettings engine, JobLimits limits, JobDefaults defaults,
    HttpSettings http, Duration drainTimeout, LoraSettings loras) {
  public WorkerConfig {
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(storage, "storage");
    models = List.copyOf(models);
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(defaults, "defaults");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    Objects.requireNonNull(loras, "loras");
  }

  /** The model with this id, if served. */
  public Optional<ModelSettings> model(String id) {
    return models.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  /** A multi-line view for the startup log: one line per section, secrets masked. */
  public String summary() {
    return String.join(System.lineSeparator(), "workerId: " + workerId, "kafka: " + Secrets.describe(kafka),
        "storage: " + Secrets.describe(storage) + ", credentials="
            + (storage.hasCredentials() ? Secrets.MASK : "none"), "models: " + models,
        "engine: " + Secrets.describe(engine), "limits: " + Secrets.describe(limits),
        "defaults: " + Secrets.describe(defaults), "http: " + Secrets.describe(http),
        "loras: " + Secrets.describe(loras), "drainTimeout: " + Durations.format(drainTimeout));
  }
}
