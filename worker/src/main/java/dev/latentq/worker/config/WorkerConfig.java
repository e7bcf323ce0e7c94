package dev.latentq.worker.config;

import dev.latentq.protocol.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The whole, validated configuration of one worker, as built by {@link ConfigLoader}. Immutable; neither
 * {@link #toString()} nor {@link #summary()} shows secrets.
 *
 * @param workerId names this worker in events, logs and client ids (default: {@code $HOSTNAME}, else a random
 *     short id)
 * @param kafka Kafka connection, topics and consumer group
 * @param storage the S3 store for images
 * @param models the models served, at least one, ids unique
 * @param engine how models run
 * @param limits the largest jobs accepted
 * @param defaults values for what jobs leave out
 * @param http health and metrics endpoint
 * @param drainTimeout on shutdown, how long running jobs may finish before they are abandoned (default 60s)
 * @param loras where job LoRAs come from and their limits
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

  /** A multi-line, human-readable view for the startup log, secrets masked. */
  public String summary() {
    String modelList = models.stream().map(m -> m.id() + "=" + m.folder() + (m.pinned() ? " (pinned)" : "")).collect(Collectors.joining(", "));
    return String.join(System.lineSeparator(),
        "workerId: " + workerId,
        "kafka: bootstrapServers=" + kafka.bootstrapServers() + ", groupId=" + kafka.groupId()
            + ", groupProtocol=" + kafka.groupProtocol()
            + ", commitInterval=" + Durations.format(kafka.commitInterval()),
        "kafka.topics: jobs=" + kafka.topics().jobs() + ", events=" + kafka.topics().events()
            + ", control=" + kafka.topics().control() + ", deadLetter=" + kafka.topics().deadLetter(),
        "kafka.properties: " + Secrets.maskProperties(kafka.properties()),
        "storage: endpoint=" + storage.endpoint() + ", region=" + storage.region() + ", bucket=" + storage.bucket()
            + ", keyPrefix=" + storage.keyPrefix() + ", createBucket=" + storage.createBucket()
            + ", retryBudget=" + Durations.format(storage.retryBudget())
            + ", writableBuckets=" + storage.writableBuckets()
            + ", inputBuckets=" + new TreeSet<>(storage.inputBuckets())
            + ", credentials=" + (storage.hasCredentials() ? Secrets.MASK : "none"),
        "models: " + modelList,
        "engine: mode=" + engine.mode() + ", provider=" + engine.provider().wireName() + ", deviceId="
            + engine.deviceId() + ", intraOpThreads=" + engine.intraOpThreads() + ", maxBatch=" + engine.maxBatch()
            + ", maxQueuedJobs=" + engine.maxQueuedJobs()
            + ", memoryBudget=" + (engine.memoryBudget() == 0 ? "none" : engine.memoryBudget() + " bytes")
            + (engine.simulated() ? ", costModel=" + engine.costModel() : "")
            + (engine.tensorRtCacheDir().isEmpty() ? "" : ", tensorRtCacheDir=" + engine.tensorRtCacheDir()),
        "limits: maxSteps=" + limits.maxSteps() + ", maxImages=" + limits.maxImages() + ", maxSide="
            + limits.maxSide() + ", maxPixels=" + limits.maxPixels() + ", maxPromptChunks="
            + limits.maxPromptChunks() + ", maxInitImagePixels=" + limits.maxInitImagePixels(),
        "defaults: strength=" + defaults.strength() + ", progressInterval="
            + Durations.format(defaults.progressInterval()) + ", promptSyntax="
            + defaults.promptSyntax().wireName(),
        "http: " + http.host() + ":" + http.port(),
        "loras: folder=" + (loras.folder() == null ? "none" : loras.folder()) + ", maxPerJob=" + loras.maxPerJob()
            + ", maxScale=" + loras.maxScale(),
        "drainTimeout: " + Durations.format(drainTimeout));
  }
}
