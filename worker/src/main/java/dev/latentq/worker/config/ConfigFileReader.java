package dev.latentq.worker.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;

/**
 * Reads a YAML ({@code .yaml}, {@code .yml}) or JSON ({@code .json}) config file into raw values, reporting
 * unknown keys (typos) and misplaced values with their path. Stateless.
 */
final class ConfigFileReader {
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private ConfigFileReader() {}

  /** The file's values; problems go to {@code problems} and the affected values are left out. */
  static SourceValues read(Path file, Problems problems) {
    Path absolute = file.toAbsolutePath().normalize();
    ObjectMapper mapper = mapperFor(absolute, problems);
    if (mapper == null) {
      return SourceValues.NONE;
    }
    if (!Files.isRegularFile(absolute)) {
      problems.add("config file " + absolute + " does not exist: pass an existing file with --config, or leave "
          + "--config out to use the defaults and LATENTQ_* environment variables");
      return SourceValues.NONE;
    }
    JsonNode root;
    try {
      root = mapper.readTree(absolute.toFile());
    } catch (JacksonException e) {
      problems.add("cannot parse " + absolute + at(e.getLocation()) + ": " + e.getOriginalMessage());
      return SourceValues.NONE;
    } catch (IOException e) {
      problems.add("cannot read " + absolute + ": " + e.getMessage() + " (check the file's permissions)");
      return SourceValues.NONE;
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return SourceValues.NONE;
    }
    if (!root.isObject()) {
      problems.add(absolute + " must hold a mapping of keys (kafka:, storage:, models:, ...), not a "
          + root.getNodeType().name().toLowerCase(Locale.ROOT));
      return SourceValues.NONE;
    }
    Walk walk = new Walk(Origin.file(absolute.getFileName().toString()), absolute.getParent(), problems);
    walk.section(root, "");
    return new SourceValues(walk.scalars, walk.properties, walk.models);
  }

  private static ObjectMapper mapperFor(Path file, Problems problems) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return YAML;
    }
    if (name.endsWith(".json")) {
      return JSON;
    }
    problems.add("config file " + file + " has an unknown format: name it *.yaml, *.yml or *.json");
    return null;
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 0
        ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** One pass over the tree, collecting values by path. */
  private static final class Walk {
    private final Origin origin;
    private final Path baseDir;
    private final Problems problems;
    private final Map<String, RawValue> scalars = new HashMap<>();
    private final Map<String, RawValue> properties = new HashMap<>();
    private SourceValues.ModelsValue models;

    Walk(Origin origin, Path baseDir, Problems problems) {
      this.origin = origin;
      this.baseDir = baseDir;
      this.problems = problems;
    }

    void section(JsonNode node, String prefix) {
      for (Entry<String, JsonNode> field : node.properties()) {
        String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
        value(path, field.getValue());
      }
    }

    private void value(String path, JsonNode node) {
      ConfigKey<?> key = ConfigKeys.byPath(path);
      if (key != null) {
        scalar(key, node);
      } else if (path.equals(ConfigKeys.MODELS)) {
        models = node.isNull() ? null : SourceValues.ModelsValue.fromFile(node, origin, baseDir);
      } else if (path.equals(ConfigKeys.KAFKA_PROPERTIES)) {
        propertyMap(node, "");
      } else if (ConfigKeys.isSection(path)) {
        if (node.isObject()) {
          section(node, path);
        } else if (!node.isNull()) {
          problems.add(path + " in " + origin.name() + " must be a mapping of keys, got " + kind(node));
        }
      } else {
        problems.add("unknown key " + path + " in " + origin.name()
            + Suggestions.didYouMean(Suggestions.closest(path, ConfigKeys.allPaths(), '.'))
            + " (remove it or fix its spelling; see latentq-example.yaml)");
      }
    }

    private void scalar(ConfigKey<?> key, JsonNode node) {
      if (node.isNull()) {
        return;
      }
      if (node.isValueNode()) {
        scalars.put(key.path(), new RawValue(node.asText(), origin, baseDir));
      } else if (ConfigKeys.LISTS.contains(key) && isListOfValues(node)) {
        // A list of plain values (e.g. storage.outputBuckets) arrives as the comma-separated text an environment
        // variable would hold, so that one parser serves both.
        List<String> items = new ArrayList<>();
        node.forEach(item -> items.add(item.asText()));
        scalars.put(key.path(), new RawValue(String.join(",", items), origin, baseDir));
      } else {
        problems.add(key.path() + " must be a single value, got " + kind(node) + " "
            + problems.where(key.preferredEnvName(), origin));
      }
    }

    private static boolean isListOfValues(JsonNode node) {
      if (!node.isArray()) {
        return false;
      }
      for (JsonNode item : node) {
        if (!item.isValueNode()) {
          return false;
        }
      }
      return true;
    }

    // Nested maps flatten to dotted names so that both `sasl.mechanism: PLAIN` and `sasl: {mechanism: PLAIN}` work.
    private void propertyMap(JsonNode node, String prefix) {
      if (node.isNull()) {
        return;
      }
      if (!node.isObject()) {
        problems.add(ConfigKeys.KAFKA_PROPERTIES + (prefix.isEmpty() ? "" : "." + prefix) + " in " + origin.name()
            + " must be a mapping of Kafka client property names to values, got " + kind(node));
        return;
      }
      for (Entry<String, JsonNode> field : node.properties()) {
        String name = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
        JsonNode value = field.getValue();
        if (value.isObject()) {
          propertyMap(value, name);
        } else if (value.isValueNode() && !value.isNull()) {
          properties.put(name, new RawValue(value.asText(), origin, baseDir));
        } else if (!value.isNull()) {
          problems.add(ConfigKeys.KAFKA_PROPERTIES + "." + name + " in " + origin.name()
              + " must be a single value (Kafka takes lists as comma-separated text), got " + kind(value));
        }
      }
    }

    private static String kind(JsonNode node) {
      return switch (node.getNodeType()) {
        case ARRAY -> "a list";
        case OBJECT -> "a mapping";
        default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
      };
    }
  }
}
