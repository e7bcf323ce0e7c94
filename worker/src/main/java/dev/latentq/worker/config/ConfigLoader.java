package dev.latentq.worker.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the worker configuration: defaults, overlaid by an optional YAML/JSON file, overlaid by {@code LATENTQ_*}
 * environment variables; then validates everything and reports all problems at once in a {@link ConfigException}.
 *
 * <p>File: {@code .yaml}/{@code .yml} or {@code .json}; keys as in {@code latentq-example.yaml} (shipped in the
 * jar, every key with its default). Unknown keys are errors. Relative paths (model folders, the cost model)
 * resolve against the file's directory.
 *
 * <p>Environment: every key is set by {@code LATENTQ_} + its path in upper snake case
 * ({@code engine.maxQueuedJobs} → {@code LATENTQ_ENGINE_MAX_QUEUED_JOBS}); short aliases {@code
 * LATENTQ_KAFKA_BOOTSTRAP}, {@code LATENTQ_GROUP_ID}, {@code LATENTQ_JOBS_TOPIC}, {@code LATENTQ_EVENTS_TOPIC},
 * {@code LATENTQ_S3_ENDPOINT}, {@code LATENTQ_S3_ACCESS_KEY}, {@code LATENTQ_S3_SECRET_KEY},
 * {@code LATENTQ_S3_BUCKET}, {@code LATENTQ_MAX_BATCH}, {@code LATENTQ_HTTP_PORT}; {@code LATENTQ_MODELS} ({@code
 * id=folder,id=folder}) replaces the file's models; {@code LATENTQ_KAFKA_PROPERTY_<NAME>} sets Kafka client
 * property NAME lower-cased with {@code _} → {@code .}. Blank variables count as unset; relative paths resolve
 * against the working directory. Unknown {@code LATENTQ_*} variables are errors, except those other parts of
 * LatentQ read ({@code LATENTQ_LOG_LEVEL}, {@code LATENTQ_JAVA_OPTS}, {@code LATENTQ_DEVSTACK_*},
 * {@code LATENTQ_KAFKA_PID}, {@code LATENTQ_S3_PID}).
 *
 * <p>Defaults: workerId {@code $HOSTNAME} (else a random short id); kafka.bootstrapServers {@code localhost:9092},
 * groupId {@code latentq-workers}, topics {@code latentq.jobs}/{@code latentq.events}/{@code latentq.control}/
 * {@code latentq.jobs.dlq}, groupProtocol {@code consumer}, commitInterval 1s, no properties; storage endpoint
 * {@code http://localhost:9000}, no credentials, region {@code us-east-1}, bucket {@code latentq-images}, keyPrefix
 * {@code images/}, createBucket true, retryBudget 2m; no models (at least one required); engine mode {@code onnx},
 * provider cpu, deviceId 0, intraOpThreads 0, maxBatch 8, maxQueuedJobs 32, costModel h100-sd15-graph (read when mode is
 * {@code simulated}); limits maxSteps 150, maxImages 8, maxSide 2048, maxPixels 4194304, maxPromptChunks 8;
 * defaults strength 0.8, progressInterval 1s, promptSyntax plain; http {@code 0.0.0.0:8080}; drainTimeout 60s. Model folders must hold
 * {@code model_index.json}, except in simulated mode, where they are not read.
 *
 * <p>Durations: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1m30s} or ISO-8601 {@code PT30S}.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /**
   * Loads and validates; relative paths from the environment resolve against the process's working directory.
   *
   * @param file the config file, empty for defaults + environment only
   * @param env the environment, usually {@link System#getenv()}
   * @throws ConfigException listing every problem found
   */
  public static WorkerConfig load(Optional<Path> file, Map<String, String> env) {
    return load(file, env, Path.of("").toAbsolutePath());
  }

  /** As {@link #load(Optional, Map)}, with relative paths from the environment resolved against {@code workingDir}. */
  public static WorkerConfig load(Optional<Path> file, Map<String, String> env, Path workingDir) {
    Problems problems = new Problems(file.map(f -> f.getFileName().toString()).orElse(null));
    SourceValues fromFile = file.map(f -> ConfigFileReader.read(f, problems)).orElse(SourceValues.NONE);
    SourceValues fromEnvironment = EnvironmentReader.read(env, workingDir.toAbsolutePath(), problems);
    WorkerConfig config = new ConfigBinder(fromFile, fromEnvironment, env, problems).bind();
    problems.throwIfAny();
    return config;
  }
}
