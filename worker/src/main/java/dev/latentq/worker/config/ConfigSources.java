package dev.latentq.worker.config;

import com.fasterxml.jackson.core.JacksonException;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The raw values of one load by dotted key path: the defaults of {@value #EXAMPLE} (the only place they are written),
 * the file over them, the {@code LATENTQ_*} variables over both. Reports unknown keys and misplaced values on the way
 * and remembers which variable set what, so that messages name the place to fix.
 */
final class ConfigSources {
  static final String EXAMPLE = "latentq-example.yaml";
  static final String MODELS = "models";
  static final String PROPERTIES = "kafka.properties";
  private static final String PROPERTY_VARIABLE = "LATENTQ_KAFKA_PROPERTY_";
  private static final ObjectMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final Map<String, JsonNode> DEFAULT_VALUES = new LinkedHashMap<>();
  /** Key path → default, in the example's order; the example's models are an illustration, not a default. */
  static final Map<String, JsonNode> DEFAULTS = Collections.unmodifiableMap(DEFAULT_VALUES);
  private static final Set<String> SECTIONS = new TreeSet<>(Set.of(MODELS));
  private static final Map<String, String> ALIASES = Map.of("kafka.bootstrapServers", "LATENTQ_KAFKA_BOOTSTRAP",
      "kafka.groupId", "LATENTQ_GROUP_ID", "kafka.topics.jobs", "LATENTQ_JOBS_TOPIC", "kafka.topics.events",
      "LATENTQ_EVENTS_TOPIC", "storage.endpoint", "LATENTQ_S3_ENDPOINT", "storage.accessKey", "LATENTQ_S3_ACCESS_KEY",
      "storage.secretKey", "LATENTQ_S3_SECRET_KEY", "storage.bucket", "LATENTQ_S3_BUCKET", "engine.maxBatch",
      "LATENTQ_MAX_BATCH");
  /** Variable → key path: {@code LATENTQ_} + every path in upper snake case, and the aliases. */
  private static final Map<String, String> BY_VARIABLE = new TreeMap<>(Map.of("LATENTQ_MODELS", MODELS));
  /** Variables other parts of LatentQ read (logging, launcher, devstack): not typos. */
  private static final Set<String> OTHER_TOOLS =
      Set.of("LATENTQ_LOG_LEVEL", "LATENTQ_JAVA_OPTS", "LATENTQ_KAFKA_PID", "LATENTQ_S3_PID");

  static {
    try (InputStream in = ConfigSources.class.getResourceAsStream("/" + EXAMPLE)) {
      index(((ObjectNode) YAML.readTree(in)).without(MODELS), "");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + EXAMPLE + " from the class path: the jar is incomplete", e);
    }
    ALIASES.forEach((path, alias) -> BY_VARIABLE.put(alias, path));
  }

  final Map<String, JsonNode> values = new LinkedHashMap<>(DEFAULTS);
  final Map<String, String> properties = new TreeMap<>();
  /** Key path → the variable that set it. */
  final Map<String, String> variables = new HashMap<>();
  final List<String> problems = new ArrayList<>();
  final String fileLabel;
  private final Path workingDir;
  private Path fileDir;

  ConfigSources(String fileName, Path workingDir) {
    this.fileLabel = fileName == null ? "the config file" : fileName;
    this.workingDir = workingDir;
    this.fileDir = workingDir;
  }

  void readFile(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    String name = absolute.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : name.endsWith(".json") ? JSON
        : null;
    if (mapper == null || !Files.isRegularFile(absolute)) {
      problems.add("config file " + absolute + (mapper == null ? " has an unknown format: name it *.yaml, *.yml or "
          + "*.json" : " does not exist: pass an existing file with --config, or leave --config out to use the "
          + "defaults and LATENTQ_* environment variables"));
      return;
    }
    try {
      JsonNode tree = mapper.readTree(absolute.toFile());
      fileDir = absolute.getParent();
      if (tree.isObject()) {
        merge(tree, "");
      } else if (!tree.isMissingNode() && !tree.isNull()) {
        problems.add(absolute + " must hold a mapping of keys (kafka:, storage:, models:, ...), not " + kind(tree));
      }
    } catch (JacksonException e) {
      var at = e.getLocation();
      problems.add("cannot parse " + absolute + (at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr()
          + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      problems.add("cannot read " + absolute + ": " + e.getMessage() + " (check the file's permissions)");
    }
  }

  /** Blank variables count as unset (deployment templates often pass empty ones); unknown ones are typos. */
  void readEnvironment(Map<String, String> env) {
    // Sorted so that messages, and which of two conflicting variables is named first, do not depend on map order.
    new TreeMap<>(env).forEach((name, text) -> {
      String path = BY_VARIABLE.get(name);
      String property = name.startsWith(PROPERTY_VARIABLE) && name.length() > PROPERTY_VARIABLE.length()
          ? name.substring(PROPERTY_VARIABLE.length()).replace('_', '.').toLowerCase(Locale.ROOT) : null;
      if (!name.startsWith("LATENTQ_") || OTHER_TOOLS.contains(name) || name.startsWith("LATENTQ_DEVSTACK_")
          || text == null || text.isBlank()) {
        return;
      } else if (path != null) {
        String earlier = variables.put(path, name);
        if (earlier != null && !env.get(earlier).equals(text)) {
          problems.add(earlier + " and " + name + " both set " + path + " but differ: keep only one of them");
        }
        values.put(path, TextNode.valueOf(text));
      } else if (property != null) {
        properties.put(property, text);
        variables.put(PROPERTIES + "." + property, name);
      } else {
        problems.add("unknown environment variable " + name + ": it sets no configuration key"
            + (name.startsWith("LATENTQ_KAFKA_PROPERTIES_") ? "; Kafka client properties are set as "
            + PROPERTY_VARIABLE + "<NAME>, e.g. LATENTQ_KAFKA_PROPERTY_SECURITY_PROTOCOL"
            : Suggestions.didYouMean(Suggestions.closest(name, BY_VARIABLE.keySet(), '_')))
            + " (rename or unset it; every key is LATENTQ_ + its path in upper snake case, e.g. engine.maxQueuedJobs"
            + " -> LATENTQ_ENGINE_MAX_QUEUED_JOBS)");
      }
    });
  }

  /** What a relative path in a key's value resolves against: the file's folder, or the working directory. */
  Path baseDir(String path) {
    return variables.containsKey(path) ? workingDir : fileDir;
  }

  /** Where to change a key: the variable that set it, or the file and the variable that would override it. */
  String where(String path) {
    return variables.containsKey(path) ? "(from environment variable " + variables.get(path) + ")"
        : "(set in " + fileLabel + " or " + envName(path) + ")";
  }

  /** The variable to name for a key: its short alias, else {@code LATENTQ_} + its path in upper snake case. */
  static String envName(String path) {
    return path.startsWith(PROPERTIES + ".") ? PROPERTY_VARIABLE + path.substring(PROPERTIES.length() + 1)
        .replace('.', '_').toUpperCase(Locale.ROOT) : ALIASES.getOrDefault(path, genericEnvName(path));
  }

  /** {@code kafka.topics.deadLetter} → {@code LATENTQ_KAFKA_TOPICS_DEAD_LETTER}. */
  static String genericEnvName(String path) {
    return "LATENTQ_" + path.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** The key path a variable sets, or null. */
  static String pathOf(String variable) {
    return BY_VARIABLE.get(variable);
  }

  static String kind(JsonNode node) {
    String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
    return node.isArray() ? "a list" : node.isObject() ? "a mapping" : "a " + type;
  }

  private void merge(JsonNode node, String prefix) {
    node.properties().forEach(field -> {
      String path = prefix + field.getKey();
      JsonNode value = field.getValue();
      boolean property = path.startsWith(PROPERTIES + ".");
      if (value.isNull()) {
        return; // null means "the default"
      } else if (path.equals(MODELS)) {
        values.put(path, value);
      } else if (SECTIONS.contains(path) || property && value.isObject()) {
        // Nested properties flatten to dotted names: `sasl.mechanism: PLAIN` and `sasl: {mechanism: PLAIN}` both work.
        if (value.isObject()) {
          merge(value, path + ".");
        } else {
          problems.add(path + " in " + fileLabel + " must be a mapping of keys, got " + kind(value));
        }
      } else if (property) {
        if (value.isValueNode()) {
          properties.put(path.substring(PROPERTIES.length() + 1), value.asText());
        } else {
          problems.add(path + " in " + fileLabel + " must be a single value (Kafka takes lists as comma-separated "
              + "text), got " + kind(value));
        }
      } else if (!DEFAULTS.containsKey(path)) {
        problems.add("unknown key " + path + " in " + fileLabel + Suggestions.didYouMean(Suggestions.closest(path,
            Stream.concat(SECTIONS.stream(), DEFAULTS.keySet().stream()).toList(), '.')) + " (remove it or fix its "
            + "spelling; see " + EXAMPLE + ")");
      } else if (value.isContainerNode() && !(value.isArray() && DEFAULTS.get(path).isArray())) {
        problems.add(path + " must be a single value, got " + kind(value) + " " + where(path));
      } else {
        values.put(path, value);
      }
    });
  }

  private static void index(JsonNode node, String prefix) {
    node.properties().forEach(field -> {
      String path = prefix + field.getKey();
      if (field.getValue().isObject()) {
        SECTIONS.add(path);
        index(field.getValue(), path + ".");
      } else {
        DEFAULT_VALUES.put(path, field.getValue());
        BY_VARIABLE.put(genericEnvName(path), path);
      }
    });
  }
}
