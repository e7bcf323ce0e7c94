package dev.latentq.worker.config;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.latentq.engine.batching.SchedulingOptions;
import dev.latentq.engine.model.ExecutionProvider;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.protocol.Durations;
import dev.latentq.protocol.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The whole, checked configuration of one worker, as built by {@link ConfigLoader}: one record per section of
 * {@code latentq-example.yaml}, which documents every key. {@code models} holds at least one model, ids unique.
 * Neither {@link #toString()} nor {@link #summary()} shows secrets.
 */
public record WorkerConfig(String workerId, KafkaSettings kafka, StorageSettings storage,
    List<ModelSettings> models, EngineSettings engine, JobLimits limits, JobDefaults defaults,
    HttpSettings http, Duration drainTimeout, LoraSettings loras) {
  public WorkerConfig {
    models = List.copyOf(models);
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

  /**
   * {@code kafka}. {@code properties} never holds {@code bootstrap.servers}, {@code group.id} or
   * {@code group.protocol}, which have their own keys; {@link #toString()} masks secret ones.
   */
  public record KafkaSettings(String bootstrapServers, String groupId, Topics topics, String groupProtocol,
      Map<String, String> properties, Duration commitInterval) {
    public static final String CONSUMER_PROTOCOL = "consumer";
    public static final String CLASSIC_PROTOCOL = "classic";

    public KafkaSettings {
      properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** True for the classic rebalance protocol, where the consumer should use the cooperative-sticky assignor. */
    public boolean classicProtocol() {
      return CLASSIC_PROTOCOL.equals(groupProtocol);
    }

    @Override
    public String toString() {
      return "KafkaSettings[" + Secrets.describe(this) + "]";
    }
  }

  /** {@code storage}: both keys null means anonymous access. {@link #toString()} masks the credentials. */
  public record StorageSettings(String endpoint, String accessKey, String secretKey, String region, String bucket,
      String keyPrefix, boolean createBucket, Duration retryBudget, Set<String> outputBuckets,
      Set<String> inputBuckets) {
    public StorageSettings {
      outputBuckets = Set.copyOf(outputBuckets);
      inputBuckets = Set.copyOf(inputBuckets);
    }

    /** Every bucket jobs may write to: the default bucket and the granted output buckets. */
    public Set<String> writableBuckets() {
      Set<String> all = new TreeSet<>(outputBuckets);
      all.add(bucket);
      return Collections.unmodifiableSet(all);
    }

    /** True when both keys are set; otherwise the store is accessed anonymously. */
    public boolean hasCredentials() {
      return accessKey != null && secretKey != null;
    }

    @Override
    public String toString() {
      return "StorageSettings[" + Secrets.describe(this) + "]";
    }
  }

  /** One entry of {@code models}; {@code folder} is absolute and normalized. */
  public record ModelSettings(String id, Path folder, boolean pinned) {}

  /** {@code engine}: the keys named after {@link SchedulingOptions}' components are grouped in {@code scheduling}. */
  public record EngineSettings(String mode, ExecutionProvider provider, int deviceId, int intraOpThreads,
      int maxBatch, int maxQueuedJobs, String costModel, String tensorRtCacheDir,
      @JsonUnwrapped SchedulingOptions scheduling, long memoryBudget) {
    public static final String ONNX = "onnx";
    public static final String SIMULATED = "simulated";

    public boolean simulated() {
      return SIMULATED.equals(mode);
    }
  }

  /**
   * {@code limits}: bigger jobs fail as invalid. {@code maxInitImagePixels} is checked against an image's header
   * before it is decoded, since a small file may declare a huge image.
   */
  public record JobLimits(int maxSteps, int maxImages, int maxSide, long maxPixels, int maxPromptChunks,
      long maxInitImagePixels) {}

  /** {@code defaults}: values for what a job leaves out, and event pacing. */
  public record JobDefaults(double strength, Duration progressInterval, PromptSyntax promptSyntax) {}

  /** {@code http}: where health and metrics listen; port 0 picks a free one. */
  public record HttpSettings(String host, int port) {}

  /**
   * {@code loras}: {@code folder} and {@code bucket} are null when unset. Jobs name files in these places, never
   * paths.
   */
  public record LoraSettings(Path folder, int maxPerJob, double maxScale, String bucket, String prefix,
      Path cacheFolder, long cacheSize, int keptVariants) {
    public LoraSettings {
      cacheFolder = cacheFolder != null ? cacheFolder
          : Path.of(System.getProperty("java.io.tmpdir"), "latentq-loras");
    }
  }
}
