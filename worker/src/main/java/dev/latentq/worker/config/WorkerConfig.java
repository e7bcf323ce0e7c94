package dev.latentq.worker.config;

import dev.latentq.protocol.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole, checked configuration of one worker, as built by {@link ConfigLoader}; {@code latentq-example.yaml}
 * documents every key. {@code models} holds at least one model, ids unique. Neither {@link #toString()} nor
 * {@link #summary()} shows secrets.
 */
public record WorkerConfig(String workerId, KafkaSettings kafka, StorageSettings storage,
    List<ModelSettings> models, EngineSettings engine, JobLimits limits, JobDefaults defaults,
    HttpSettings http, Duration drainTimeout, LoraSettings loras) {
  public WorkerConfig {
    models = List.copyOf(models);
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
