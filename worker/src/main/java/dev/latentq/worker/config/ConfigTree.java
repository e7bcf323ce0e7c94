package dev.latentq.worker.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The configuration as one tree: the shipped {@value #EXAMPLE} (the only place defaults are written), the file
 * merged over it, then the {@code LATENTQ_*} variables. Checks key names and shapes on the way, collects problems,
 * and remembers where each value came from so that messages name the file or variable to fix. One per load.
 */
final class ConfigTree {
  static final String EXAMPLE = "latentq-example.yaml";
  static final String MODELS = "models";
  static final String PROPERTIES = "kafka.properties";
  private static final String ENV_PREFIX = "LATENTQ_";
  private static final String PROPERTY_ENV_PREFIX = "LATENTQ_KAFKA_PROPERTY_";
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  /** The example's values; its models are an illustration, not a default (at least one must be configured). */
  private static final ObjectNode DEFAULTS = readExample();
  /** Every key that holds a value, in the example's order; sections and the free-form maps are not keys. */
  private static final List<String> LEAVES = new ArrayList<>();
  static final List<String> KEYS = Collections.unmodifiableList(LEAVES);
  private static final Set<String> ALL_PATHS = new TreeSet<>(Set.of(MODELS));
  private static final Map<String, String> ALIASES = Map.of("kafka.bootstrapServers", "LATENTQ_KAFKA_BOOTSTRAP",
      "kafka.groupId", "LATENTQ_GROUP_ID", "kafka.topics.jobs", "LATENTQ_JOBS_TOPIC", "kafka.topics.events",
      "LATENTQ_EVENTS_TOPIC", "storage.endpoint", "LATENTQ_S3_ENDPOINT", "storage.accessKey", "LATENTQ_S3_ACCESS_KEY",
      "storage.secretKey", "LATENTQ_S3_SECRET_KEY", "storage.bucket", "LATENTQ_S3_BUCKET", "engine.maxBatch",
      "LATENTQ_MAX_BATCH");
  /** Variable → key path: the generic names, the aliases and {@code LATENTQ_MODELS}. */
  private static final Map<String, String> BY_ENV = new TreeMap<>(Map.of(genericEnvName(MODELS), MODELS));
  /** Variables other parts of LatentQ read (logging, launcher, devstack); not typos. */
  private static final Set<String> OTHER_TOOLS = Set.of("LATENTQ_LOG_LEVEL", "LATENTQ_JAVA_OPTS",
      "LATENTQ_KAFKA_PID", "LATENTQ_S3_PID");

  static {
    index(DEFAULTS, "");
    ALIASES.forEach((path, alias) -> BY_ENV.put(alias, path));
  }

  /** Where a value came from: a variable (null for the file or the default) and what relative paths resolve against. */
  record Origin(String variable, Path baseDir) {}

  final ObjectNode root = DEFAULTS.deepCopy();
  private final Map<String, Origin> origins = new HashMap<>();
  private final List<String> problems = new ArrayList<>();
  private final String fileLabel;
  private final Path workingDir;

  ConfigTree(String fileName, Path workingDir) {
    this.fileLabel = fileName == null ? "the config file" : fileName;
    this.workingDir = workingDir;
  }

  void readFile(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    String name = absolute.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : name.endsWith(".json") ? JSON
        : null;
    JsonNode tree;
    if (mapper == null) {
      problem("config file " + absolute + " has an unknown format: name it *.yaml, *.yml or *.json");
      return;
    } else if (!Files.isRegularFile(absolute)) {
      problem("config file " + absolute + " does not exist: pass an existing file with --config, or leave --config "
          + "out to use the defaults and LATENTQ_* environment variables");
      return;
    }
    try {
      tree = mapper.readTree(absolute.toFile());
    } catch (JacksonException e) {
      var at = e.getLocation();
      problem("cannot parse " + absolute + (at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr()
          + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
      return;
    } catch (IOException e) {
      problem("cannot read " + absolute + ": " + e.getMessage() + " (check the file's permissions)");
      return;
    }
    if (tree != null && tree.isObject()) {
      merge(root, tree, "", new Origin(null, absolute.getParent()));
    } else if (tree != null && !tree.isMissingNode() && !tree.isNull()) {
      problem(absolute + " must hold a mapping of keys (kafka:, storage:, models:, ...), not " + kind(tree));
    }
  }

  /** Blank variables count as unset (deployment templates often pass empty ones); unknown ones are typos. */
  void readEnvironment(Map<String, String> env) {
    Map<String, String> setBy = new HashMap<>();
    // Sorted so that messages, and which of two conflicting variables is named first, do not depend on map order.
    new TreeMap<>(env).forEach((name, text) -> {
      if (!name.startsWith(ENV_PREFIX) || OTHER_TOOLS.contains(name) || name.startsWith("LATENTQ_DEVSTACK_")
          || text == null || text.isBlank()) {
        return;
      }
      Origin origin = new Origin(name, workingDir);
      String path = BY_ENV.get(name);
      if (path != null) {
        String earlier = setBy.put(path, name);
        if (earlier != null && !env.get(earlier).equals(text)) {
          problem(earlier + " and " + name + " both set " + path + " but differ: keep only one of them");
        }
        set(path, TextNode.valueOf(text), origin);
      } else if (name.startsWith(PROPERTY_ENV_PREFIX) && name.length() > PROPERTY_ENV_PREFIX.length()) {
        String property = name.substring(PROPERTY_ENV_PREFIX.length()).replace('_', '.').toLowerCase(Locale.ROOT);
        set(PROPERTIES + "." + property, TextNode.valueOf(text), origin);
      } else {
        String hint = name.startsWith("LATENTQ_KAFKA_PROPERTIES_") ? "; Kafka client properties are set as "
            + PROPERTY_ENV_PREFIX + "<NAME>, e.g. LATENTQ_KAFKA_PROPERTY_SECURITY_PROTOCOL"
            : Suggestions.didYouMean(Suggestions.closest(name, BY_ENV.keySet(), '_'));
        problem("unknown environment variable " + name + ": it sets no configuration key" + hint + " (rename or unset"
            + " it; every key is LATENTQ_ + its path in upper snake case, e.g. engine.maxQueuedJobs -> "
            + "LATENTQ_ENGINE_MAX_QUEUED_JOBS)");
      }
    });
  }

  /** The value at a key path; missing or null when unset. */
  JsonNode get(String path) {
    return path.startsWith(PROPERTIES + ".") ? properties().path(path.substring(PROPERTIES.length() + 1))
        : root.at(pointer(path));
  }

  /** Sets a value; the origin of a checked or defaulted value stays that of what it replaced. */
  void set(String path, JsonNode value, Origin origin) {
    boolean property = path.startsWith(PROPERTIES + ".");
    int split = property ? PROPERTIES.length() : path.lastIndexOf('.');
    ObjectNode parent = property ? properties() : split < 0 ? root : (ObjectNode) root.at(pointer(path.substring(0,
        split)));
    parent.set(path.substring(split + 1), value);
    if (origin != null) {
      origins.put(path, origin);
    }
  }

  /** Puts the default back after a problem, so that the checks that follow see a usable value. */
  void reset(String path) {
    set(path, DEFAULTS.at(pointer(path)).deepCopy(), null);
  }

  ObjectNode properties() {
    return (ObjectNode) root.at(pointer(PROPERTIES));
  }

  /** The origin of a key's value; null for a default. */
  Origin origin(String path) {
    return origins.get(path);
  }

  Path baseDir(String path) {
    Origin origin = origins.get(path);
    return origin == null ? workingDir : origin.baseDir();
  }

  /** Where to change a key: the variable that set it, or the file and the variable that would override it. */
  String where(String path) {
    Origin origin = origins.get(path);
    return origin != null && origin.variable() != null ? "(from environment variable " + origin.variable() + ")"
        : "(set in " + fileLabel + " or " + envName(path) + ")";
  }

  String fileLabel() {
    return fileLabel;
  }

  void problem(String message) {
    problems.add(message);
  }

  int problemCount() {
    return problems.size();
  }

  void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /** The variable to name for a key: its short alias, else {@code LATENTQ_} + its path in upper snake case. */
  static String envName(String path) {
    if (path.startsWith(PROPERTIES + ".")) {
      return PROPERTY_ENV_PREFIX + path.substring(PROPERTIES.length() + 1).replace('.', '_').toUpperCase(Locale.ROOT);
    }
    return ALIASES.getOrDefault(path, genericEnvName(path));
  }

  /** {@code kafka.topics.deadLetter} → {@code LATENTQ_KAFKA_TOPICS_DEAD_LETTER}. */
  static String genericEnvName(String path) {
    return ENV_PREFIX + path.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** The key path a variable sets, or null. */
  static String pathOf(String variable) {
    return BY_ENV.get(variable);
  }

  static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "a mapping";
      default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private void merge(ObjectNode target, JsonNode source, String prefix, Origin origin) {
    for (Map.Entry<String, JsonNode> field : source.properties()) {
      String path = prefix + field.getKey();
      JsonNode value = field.getValue();
      JsonNode known = target.get(field.getKey());
      if (value.isNull()) {
        continue; // null means "the default"
      } else if (path.equals(MODELS)) {
        set(path, value, origin);
      } else if (path.equals(PROPERTIES) && value.isObject()) {
        properties(value, "", origin);
      } else if (known == null) {
        problem("unknown key " + path + " in " + fileLabel + Suggestions.didYouMean(Suggestions.closest(path,
            ALL_PATHS, '.')) + " (remove it or fix its spelling; see " + EXAMPLE + ")");
      } else if (known.isObject()) {
        if (value.isObject()) {
          merge((ObjectNode) known, value, path + ".", origin);
        } else {
          problem(path + " in " + fileLabel + " must be a mapping of keys, got " + kind(value));
        }
      } else if (value.isContainerNode() && !(known.isArray() && value.isArray() && allValues(value))) {
        problem(path + (known.isArray() ? " must be a list of names" : " must be a single value") + ", got "
            + kind(value) + " " + where(path));
      } else {
        set(path, value, origin);
      }
    }
  }

  // Nested maps flatten to dotted names so that both `sasl.mechanism: PLAIN` and `sasl: {mechanism: PLAIN}` work.
  private void properties(JsonNode node, String prefix, Origin origin) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String name = prefix + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        properties(value, name + ".", origin);
      } else if (value.isValueNode() && !value.isNull()) {
        set(PROPERTIES + "." + name, TextNode.valueOf(value.asText()), origin);
      } else if (!value.isNull()) {
        problem(PROPERTIES + "." + name + " in " + fileLabel + " must be a single value (Kafka takes lists as "
            + "comma-separated text), got " + kind(value));
      }
    }
  }

  private static boolean allValues(JsonNode list) {
    for (JsonNode item : list) {
      if (!item.isValueNode()) {
        return false;
      }
    }
    return true;
  }

  private static JsonPointer pointer(String path) {
    return JsonPointer.compile("/" + path.replace('.', '/'));
  }

  private static void index(JsonNode node, String prefix) {
    node.properties().forEach(field -> {
      String path = prefix + field.getKey();
      ALL_PATHS.add(path);
      if (field.getValue().isObject()) {
        index(field.getValue(), path + ".");
      } else {
        LEAVES.add(path);
        BY_ENV.put(genericEnvName(path), path);
      }
    });
  }

  private static ObjectNode readExample() {
    try (InputStream in = ConfigTree.class.getResourceAsStream("/" + EXAMPLE)) {
      ObjectNode example = (ObjectNode) YAML.readTree(in);
      example.remove(MODELS);
      return example;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + EXAMPLE + " from the class path: the jar is incomplete", e);
    }
  }
}
