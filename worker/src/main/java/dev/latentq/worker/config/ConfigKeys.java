package dev.latentq.worker.config;

import dev.latentq.engine.batching.SchedulingOptions;
import dev.latentq.protocol.Topics;
import dev.latentq.engine.model.ExecutionProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalogue of configuration keys with their defaults: the single place that says which keys exist, so the
 * file reader, the environment reader and the binder agree. Stateless.
 */
final class ConfigKeys {
  static final ConfigKey<String> WORKER_ID = ConfigKey.of("workerId", ValueParsers.id(), null);

  static final ConfigKey<String> KAFKA_BOOTSTRAP_SERVERS =
      ConfigKey.of("kafka.bootstrapServers", ValueParsers.bootstrapServers(), "localhost:9092")
          .alias("LATENTQ_KAFKA_BOOTSTRAP");
  static final ConfigKey<String> KAFKA_GROUP_ID =
      ConfigKey.of("kafka.groupId", ValueParsers.text(), "latentq-workers").alias("LATENTQ_GROUP_ID");
  static final ConfigKey<String> KAFKA_TOPICS_JOBS =
      ConfigKey.of("kafka.topics.jobs", ValueParsers.topic(), Topics.DEFAULTS.jobs()).alias("LATENTQ_JOBS_TOPIC");
  static final ConfigKey<String> KAFKA_TOPICS_EVENTS =
      ConfigKey.of("kafka.topics.events", ValueParsers.topic(), Topics.DEFAULTS.events())
          .alias("LATENTQ_EVENTS_TOPIC");
  static final ConfigKey<String> KAFKA_TOPICS_CONTROL =
      ConfigKey.of("kafka.topics.control", ValueParsers.topic(), Topics.DEFAULTS.control());
  static final ConfigKey<String> KAFKA_TOPICS_DEAD_LETTER =
      ConfigKey.of("kafka.topics.deadLetter", ValueParsers.topic(), Topics.DEFAULTS.deadLetter());
  static final ConfigKey<String> KAFKA_GROUP_PROTOCOL = ConfigKey.of("kafka.groupProtocol",
      ValueParsers.oneOf(KafkaSettings.CONSUMER_PROTOCOL, KafkaSettings.CLASSIC_PROTOCOL),
      KafkaSettings.CONSUMER_PROTOCOL);
  static final ConfigKey<Duration> KAFKA_COMMIT_INTERVAL =
      ConfigKey.of("kafka.commitInterval", ValueParsers.duration(Duration.ofMillis(1)), Duration.ofSeconds(1));

  static final ConfigKey<String> STORAGE_ENDPOINT =
      ConfigKey.of("storage.endpoint", ValueParsers.httpUrl(), "http://localhost:9000").alias("LATENTQ_S3_ENDPOINT");
  static final ConfigKey<String> STORAGE_ACCESS_KEY =
      ConfigKey.of("storage.accessKey", ValueParsers.exactText(), (String) null).alias("LATENTQ_S3_ACCESS_KEY")
          .asSecret();
  static final ConfigKey<String> STORAGE_SECRET_KEY =
      ConfigKey.of("storage.secretKey", ValueParsers.exactText(), (String) null).alias("LATENTQ_S3_SECRET_KEY")
          .asSecret();
  static final ConfigKey<String> STORAGE_REGION = ConfigKey.of("storage.region", ValueParsers.text(), "us-east-1");
  static final ConfigKey<String> STORAGE_BUCKET =
      ConfigKey.of("storage.bucket", ValueParsers.bucket(), "latentq-images").alias("LATENTQ_S3_BUCKET");
  static final ConfigKey<String> STORAGE_KEY_PREFIX =
      ConfigKey.of("storage.keyPrefix", ValueParsers.keyPrefix(), "images/");
  /** Buckets jobs may write to besides {@code storage.bucket} (which jobs that name no bucket use). */
  static final ConfigKey<Set<String>> STORAGE_OUTPUT_BUCKETS =
      ConfigKey.of("storage.outputBuckets", ValueParsers.bucketList(), Set.of());
  /** Buckets init images may be read from; none by default, so img2img needs an explicit grant. */
  static final ConfigKey<Set<String>> STORAGE_INPUT_BUCKETS =
      ConfigKey.of("storage.inputBuckets", ValueParsers.bucketList(), Set.of());
  static final ConfigKey<Boolean> STORAGE_CREATE_BUCKET =
      ConfigKey.of("storage.createBucket", ValueParsers.bool(), true);
  static final ConfigKey<Duration> STORAGE_RETRY_BUDGET =
      ConfigKey.of("storage.retryBudget", ValueParsers.duration(Duration.ZERO), Duration.ofMinutes(2));

  static final ConfigKey<String> ENGINE_MODE = ConfigKey.of("engine.mode",
      ValueParsers.oneOf(EngineSettings.ONNX, EngineSettings.SIMULATED), EngineSettings.ONNX);
  static final ConfigKey<ExecutionProvider> ENGINE_PROVIDER =
      ConfigKey.of("engine.provider", ValueParsers.provider(), ExecutionProvider.CPU);
  static final ConfigKey<Integer> ENGINE_DEVICE_ID =
      ConfigKey.of("engine.deviceId", ValueParsers.integer(0, Integer.MAX_VALUE), 0);
  static final ConfigKey<Integer> ENGINE_INTRA_OP_THREADS =
      ConfigKey.of("engine.intraOpThreads", ValueParsers.integer(0, Integer.MAX_VALUE), 0);
  static final ConfigKey<Integer> ENGINE_MAX_BATCH =
      ConfigKey.of("engine.maxBatch", ValueParsers.integer(1, Integer.MAX_VALUE), 8).alias("LATENTQ_MAX_BATCH");
  static final ConfigKey<Integer> ENGINE_MAX_QUEUED_JOBS =
      ConfigKey.of("engine.maxQueuedJobs", ValueParsers.integer(1, Integer.MAX_VALUE), 32);
  static final ConfigKey<String> ENGINE_COST_MODEL =
      ConfigKey.of("engine.costModel", ValueParsers.text(), "h100-sd15-graph");
  static final ConfigKey<String> ENGINE_TENSORRT_CACHE_DIR =
      ConfigKey.of("engine.tensorRtCacheDir", ValueParsers.anyText(), "");
  static final ConfigKey<String> ENGINE_ADMISSION = ConfigKey.of("engine.admission",
      ValueParsers.oneOf("step", "request"), SchedulingOptions.DEFAULTS.admission());
  static final ConfigKey<Duration> ENGINE_MAX_QUEUE_DELAY = ConfigKey.of("engine.maxQueueDelay",
      ValueParsers.duration(Duration.ZERO), SchedulingOptions.DEFAULTS.maxQueueDelay());
  static final ConfigKey<Integer> ENGINE_MAX_DECODE_BATCH = ConfigKey.of("engine.maxDecodeBatch",
      ValueParsers.integer(1, Integer.MAX_VALUE), SchedulingOptions.DEFAULTS.maxDecodeBatch());
  static final ConfigKey<Duration> ENGINE_MAX_DECODE_DELAY = ConfigKey.of("engine.maxDecodeDelay",
      ValueParsers.duration(Duration.ZERO), SchedulingOptions.DEFAULTS.maxDecodeDelay());
  static final ConfigKey<Boolean> ENGINE_BATCH_TEXT_ENCODING = ConfigKey.of("engine.batchTextEncoding",
      ValueParsers.bool(), SchedulingOptions.DEFAULTS.batchTextEncoding());
  static final ConfigKey<Integer> ENGINE_MAX_PREEMPTIONS = ConfigKey.of("engine.maxPreemptions",
      ValueParsers.integer(0, Integer.MAX_VALUE), SchedulingOptions.DEFAULTS.maxPreemptions());
  static final ConfigKey<Duration> ENGINE_MAX_STEP_LATENCY = ConfigKey.of("engine.maxStepLatency",
      ValueParsers.duration(Duration.ZERO), SchedulingOptions.DEFAULTS.maxStepLatency());
  static final ConfigKey<Duration> ENGINE_PRIORITY_STEP_LATENCY = ConfigKey.of("engine.priorityStepLatency",
      ValueParsers.duration(Duration.ZERO), SchedulingOptions.DEFAULTS.priorityStepLatency());

  static final ConfigKey<Integer> LIMITS_MAX_STEPS =
      ConfigKey.of("limits.maxSteps", ValueParsers.integer(1, Integer.MAX_VALUE), 150);
  static final ConfigKey<Integer> LIMITS_MAX_IMAGES =
      ConfigKey.of("limits.maxImages", ValueParsers.integer(1, Integer.MAX_VALUE), 8);
  static final ConfigKey<Integer> LIMITS_MAX_SIDE =
      ConfigKey.of("limits.maxSide", ValueParsers.integer(64, Integer.MAX_VALUE), 2048);
  static final ConfigKey<Long> LIMITS_MAX_PIXELS =
      ConfigKey.of("limits.maxPixels", ValueParsers.longInteger(64 * 64), 2048L * 2048L);
  static final ConfigKey<Integer> LIMITS_MAX_PROMPT_CHUNKS =
      ConfigKey.of("limits.maxPromptChunks", ValueParsers.integer(1, 1000), 8);
  static final ConfigKey<Long> LIMITS_MAX_INIT_IMAGE_PIXELS =
      ConfigKey.of("limits.maxInitImagePixels", ValueParsers.longInteger(1), JobLimits.DEFAULT_MAX_INIT_IMAGE_PIXELS);

  static final ConfigKey<Path> LORAS_FOLDER = ConfigKey.of("loras.folder", ValueParsers.path(), null);
  static final ConfigKey<Integer> LORAS_MAX_PER_JOB =
      ConfigKey.of("loras.maxPerJob", ValueParsers.integer(1, 16), 4);
  static final ConfigKey<Double> LORAS_MAX_SCALE =
      ConfigKey.of("loras.maxScale", ValueParsers.positiveNumber(100), 2.0);

  static final ConfigKey<Double> DEFAULTS_STRENGTH =
      ConfigKey.of("defaults.strength", ValueParsers.fraction(), 0.8);
  static final ConfigKey<Duration> DEFAULTS_PROGRESS_INTERVAL =
      ConfigKey.of("defaults.progressInterval", ValueParsers.duration(Duration.ZERO), Duration.ofSeconds(1));
  static final ConfigKey<String> DEFAULTS_PROMPT_SYNTAX =
      ConfigKey.of("defaults.promptSyntax", ValueParsers.oneOf("plain", "a1111"), "plain");

  static final ConfigKey<String> HTTP_HOST = ConfigKey.of("http.host", ValueParsers.text(), "0.0.0.0");
  static final ConfigKey<Integer> HTTP_PORT = ConfigKey.of("http.port", ValueParsers.integer(0, 65535), 8080);

  static final ConfigKey<Duration> DRAIN_TIMEOUT =
      ConfigKey.of("drainTimeout", ValueParsers.duration(Duration.ZERO), Duration.ofSeconds(60));

  /** Every single-valued key, in file order. */
  static final List<ConfigKey<?>> SCALARS = List.of(WORKER_ID,
      KAFKA_BOOTSTRAP_SERVERS, KAFKA_GROUP_ID, KAFKA_TOPICS_JOBS, KAFKA_TOPICS_EVENTS, KAFKA_TOPICS_CONTROL,
      KAFKA_TOPICS_DEAD_LETTER, KAFKA_GROUP_PROTOCOL, KAFKA_COMMIT_INTERVAL,
      STORAGE_ENDPOINT, STORAGE_ACCESS_KEY, STORAGE_SECRET_KEY, STORAGE_REGION, STORAGE_BUCKET, STORAGE_KEY_PREFIX,
      STORAGE_OUTPUT_BUCKETS, STORAGE_INPUT_BUCKETS, STORAGE_CREATE_BUCKET, STORAGE_RETRY_BUDGET,
      ENGINE_MODE, ENGINE_PROVIDER, ENGINE_DEVICE_ID, ENGINE_INTRA_OP_THREADS, ENGINE_MAX_BATCH,
      ENGINE_MAX_QUEUED_JOBS, ENGINE_COST_MODEL, ENGINE_TENSORRT_CACHE_DIR,
      ENGINE_ADMISSION, ENGINE_MAX_QUEUE_DELAY, ENGINE_MAX_DECODE_BATCH, ENGINE_MAX_DECODE_DELAY,
      ENGINE_BATCH_TEXT_ENCODING, ENGINE_MAX_PREEMPTIONS, ENGINE_MAX_STEP_LATENCY, ENGINE_PRIORITY_STEP_LATENCY,
      LIMITS_MAX_STEPS, LIMITS_MAX_IMAGES, LIMITS_MAX_SIDE, LIMITS_MAX_PIXELS, LIMITS_MAX_PROMPT_CHUNKS,
      LIMITS_MAX_INIT_IMAGE_PIXELS,
      LORAS_FOLDER, LORAS_MAX_PER_JOB, LORAS_MAX_SCALE,
      DEFAULTS_STRENGTH, DEFAULTS_PROGRESS_INTERVAL, DEFAULTS_PROMPT_SYNTAX,
      HTTP_HOST, HTTP_PORT, DRAIN_TIMEOUT);

  /** Keys that hold a list: a YAML/JSON list in the file, comma-separated text in the environment. */
  static final Set<ConfigKey<?>> LISTS = Set.of(STORAGE_OUTPUT_BUCKETS, STORAGE_INPUT_BUCKETS);

  /** Models: a map {@code id: folder} or a list of {@code {id, folder}} in the file. */
  static final String MODELS = "models";
  static final String MODELS_ENV = ConfigKey.envName(MODELS);
  /** Kafka client properties: a map in the file, one variable per property in the environment. */
  static final String KAFKA_PROPERTIES = "kafka.properties";
  static final String KAFKA_PROPERTY_ENV_PREFIX = "LATENTQ_KAFKA_PROPERTY_";

  /**
   * {@code LATENTQ_} variables that other parts of LatentQ read (logging, the launcher script, the devstack's
   * printed settings); they are not configuration keys and must not be rejected as typos.
   */
  static final Set<String> NON_CONFIG_ENV = Set.of("LATENTQ_LOG_LEVEL", "LATENTQ_JAVA_OPTS", "LATENTQ_KAFKA_PID",
      "LATENTQ_S3_PID");
  static final String NON_CONFIG_ENV_PREFIX = "LATENTQ_DEVSTACK_";

  private static final Map<String, ConfigKey<?>> BY_PATH =
      SCALARS.stream().collect(Collectors.toMap(ConfigKey::path, Function.identity(), (a, b) -> a,
          LinkedHashMap::new));
  private static final Map<String, ConfigKey<?>> BY_ENV = byEnv();
  private static final Set<String> SECTIONS = sections();

  private ConfigKeys() {}

  static ConfigKey<?> byPath(String path) {
    return BY_PATH.get(path);
  }

  /** The key a variable sets (generic name or alias), or null. */
  static ConfigKey<?> byEnv(String variable) {
    return BY_ENV.get(variable);
  }

  /** True for a path that holds a mapping of further keys, e.g. {@code kafka} or {@code kafka.topics}. */
  static boolean isSection(String path) {
    return SECTIONS.contains(path);
  }

  /** Every path a file may contain, for suggestions. */
  static Set<String> allPaths() {
    Set<String> paths = new TreeSet<>(BY_PATH.keySet());
    paths.add(MODELS);
    paths.add(KAFKA_PROPERTIES);
    paths.addAll(SECTIONS);
    return paths;
  }

  /** Every variable that sets a key, for suggestions. */
  static Set<String> allEnvNames() {
    Set<String> names = new TreeSet<>(BY_ENV.keySet());
    names.add(MODELS_ENV);
    return names;
  }

  private static Map<String, ConfigKey<?>> byEnv() {
    Map<String, ConfigKey<?>> map = new LinkedHashMap<>();
    for (ConfigKey<?> key : SCALARS) {
      for (String name : key.envNames()) {
        if (map.put(name, key) != null) {
          throw new IllegalStateException("environment variable " + name + " maps to two keys");
        }
      }
    }
    return map;
  }

  private static Set<String> sections() {
    Set<String> sections = new TreeSet<>();
    for (String path : allPathsWithoutSections()) {
      for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
        sections.add(path.substring(0, dot));
      }
    }
    return sections;
  }

  private static List<String> allPathsWithoutSections() {
    List<String> paths = new ArrayList<>(BY_PATH.keySet());
    paths.add(KAFKA_PROPERTIES);
    return paths;
  }
}
