package dev.latentq.worker.config;

import static dev.latentq.worker.config.ConfigKeys.*;

import dev.latentq.engine.batching.SchedulingOptions;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.protocol.NamingRules;
import dev.latentq.protocol.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Builds {@link WorkerConfig} from the file's and the environment's raw values (environment first, then file,
 * then default) and checks the rules that span keys. A value that fails is reported and replaced by its default
 * so that checking continues and every problem is found in one run. Not thread-safe: one per load.
 */
final class ConfigBinder {
  // Managed by their own keys; a pass-through copy would silently fight them.
  private static final Map<String, ConfigKey<?>> MANAGED_PROPERTIES = Map.of(
      "bootstrap.servers", KAFKA_BOOTSTRAP_SERVERS, "group.id", KAFKA_GROUP_ID, "group.protocol", KAFKA_GROUP_PROTOCOL);

  private final SourceValues file;
  private final SourceValues environment;
  private final Map<String, String> env;
  private final Problems problems;

  ConfigBinder(SourceValues file, SourceValues environment, Map<String, String> env, Problems problems) {
    this.file = file;
    this.environment = environment;
    this.env = env;
    this.problems = problems;
  }

  WorkerConfig bind() {
    String workerId = Objects.requireNonNullElseGet(value(WORKER_ID), this::defaultWorkerId);
    KafkaSettings kafka = new KafkaSettings(value(KAFKA_BOOTSTRAP_SERVERS), value(KAFKA_GROUP_ID), topics(),
        value(KAFKA_GROUP_PROTOCOL), kafkaProperties(), value(KAFKA_COMMIT_INTERVAL));
    StorageSettings storage = storage();
    EngineSettings engine = engine();
    SourceValues.ModelsValue modelsValue = environment.models() != null ? environment.models() : file.models();
    List<ModelSettings> models = ModelsReader.read(modelsValue, !engine.simulated(), problems);
    JobLimits limits = new JobLimits(value(LIMITS_MAX_STEPS), value(LIMITS_MAX_IMAGES), value(LIMITS_MAX_SIDE),
        value(LIMITS_MAX_PIXELS), value(LIMITS_MAX_PROMPT_CHUNKS), value(LIMITS_MAX_INIT_IMAGE_PIXELS));
    JobDefaults defaults = new JobDefaults(value(DEFAULTS_STRENGTH), value(DEFAULTS_PROGRESS_INTERVAL),
        PromptSyntax.fromName(value(DEFAULTS_PROMPT_SYNTAX)));
    HttpSettings http = new HttpSettings(value(HTTP_HOST), value(HTTP_PORT));
    return new WorkerConfig(workerId, kafka, storage, models, engine, limits, defaults, http, value(DRAIN_TIMEOUT),
        loras());
  }

  private LoraSettings loras() {
    Path folder = value(LORAS_FOLDER);
    if (folder != null && !Files.isDirectory(folder)) {
      problems.add(LORAS_FOLDER.path() + " is " + folder + ", which is not a directory: point it at the folder of"
          + " the .safetensors LoRAs jobs may name, or leave it unset to serve no LoRAs",
          LORAS_FOLDER.preferredEnvName(), origin(LORAS_FOLDER));
    }
    return new LoraSettings(folder, value(LORAS_MAX_PER_JOB), value(LORAS_MAX_SCALE));
  }

  private String defaultWorkerId() {
    String hostname = env.get("HOSTNAME");
    // A hostname that is no valid id (rare) is not worth a refused start: the id only has to be unique-ish.
    if (hostname != null && NamingRules.isId(hostname.strip())) {
      return hostname.strip();
    }
    return "worker-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private Topics topics() {
    List<ConfigKey<String>> keys =
        List.of(KAFKA_TOPICS_JOBS, KAFKA_TOPICS_EVENTS, KAFKA_TOPICS_CONTROL, KAFKA_TOPICS_DEAD_LETTER);
    List<String> names = keys.stream().map(this::value).toList();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      if (!seen.add(names.get(i))) {
        ConfigKey<String> key = keys.get(i);
        problems.add(key.path() + " is '" + names.get(i) + "', the same as another topic: each role needs its own "
            + "topic", key.preferredEnvName(), origin(key));
      }
    }
    return new Topics(names.get(0), names.get(1), names.get(2), names.get(3));
  }

  private Map<String, String> kafkaProperties() {
    Map<String, RawValue> merged = new TreeMap<>(file.properties());
    merged.putAll(environment.properties());
    Map<String, String> properties = new TreeMap<>();
    merged.forEach((name, raw) -> {
      ConfigKey<?> managed = MANAGED_PROPERTIES.get(name);
      if (managed != null) {
        problems.add(ConfigKeys.KAFKA_PROPERTIES + "." + name + " duplicates " + managed.path() + ": set "
            + managed.path() + " (or " + managed.preferredEnvName() + ") instead "
            + problems.where(propertyEnvName(name), raw.origin()));
      } else {
        properties.put(name, raw.text());
      }
    });
    return properties;
  }

  private static String propertyEnvName(String property) {
    return ConfigKeys.KAFKA_PROPERTY_ENV_PREFIX + property.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  private StorageSettings storage() {
    String accessKey = value(STORAGE_ACCESS_KEY);
    String secretKey = value(STORAGE_SECRET_KEY);
    if ((accessKey == null) != (secretKey == null)) {
      ConfigKey<String> missing = accessKey == null ? STORAGE_ACCESS_KEY : STORAGE_SECRET_KEY;
      ConfigKey<String> present = accessKey == null ? STORAGE_SECRET_KEY : STORAGE_ACCESS_KEY;
      problems.add(present.path() + " is set but " + missing.path() + " is not: set both (or neither, for "
          + "anonymous access)", missing.preferredEnvName(), Origin.DEFAULT);
    }
    return new StorageSettings(value(STORAGE_ENDPOINT), accessKey, secretKey, value(STORAGE_REGION),
        value(STORAGE_BUCKET), value(STORAGE_KEY_PREFIX), value(STORAGE_CREATE_BUCKET), value(STORAGE_RETRY_BUDGET),
        value(STORAGE_OUTPUT_BUCKETS), value(STORAGE_INPUT_BUCKETS));
  }

  private EngineSettings engine() {
    EngineSettings engine = new EngineSettings(value(ENGINE_MODE), value(ENGINE_PROVIDER), value(ENGINE_DEVICE_ID),
        value(ENGINE_INTRA_OP_THREADS), value(ENGINE_MAX_BATCH), value(ENGINE_MAX_QUEUED_JOBS),
        value(ENGINE_COST_MODEL), value(ENGINE_TENSORRT_CACHE_DIR), new SchedulingOptions(value(ENGINE_ADMISSION),
        value(ENGINE_MAX_QUEUE_DELAY), value(ENGINE_MAX_DECODE_BATCH), value(ENGINE_MAX_DECODE_DELAY),
        value(ENGINE_BATCH_TEXT_ENCODING), value(ENGINE_MAX_PREEMPTIONS), value(ENGINE_MAX_STEP_LATENCY),
        value(ENGINE_PRIORITY_STEP_LATENCY)));
    return engine;
  }

  /** The parsed value, or the default after reporting why the configured one is unusable. */
  private <T> T value(ConfigKey<T> key) {
    RawValue raw = raw(key);
    if (raw == null) {
      return key.defaultValue();
    }
    try {
      return key.parser().parse(raw.text(), raw.baseDir());
    } catch (IllegalArgumentException e) {
      problems.invalid(key, raw, e.getMessage());
      return key.defaultValue();
    }
  }

  private RawValue raw(ConfigKey<?> key) {
    RawValue fromEnvironment = environment.scalars().get(key.path());
    return fromEnvironment != null ? fromEnvironment : file.scalars().get(key.path());
  }

  private Origin origin(ConfigKey<?> key) {
    RawValue raw = raw(key);
    return raw == null ? Origin.DEFAULT : raw.origin();
  }
}
