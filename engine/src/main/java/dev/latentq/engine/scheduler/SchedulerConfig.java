package dev.latentq.engine.scheduler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A model's {@code scheduler/scheduler_config.json} as saved by diffusers: the raw values, the class that saved
 * them and the keys diffusers marked as defaulted ({@code _use_default_values}). Immutable.
 */
public final class SchedulerConfig {

  // diffusers writes -inf (lambda_min_clipped) as the bare token -Infinity
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  private final String className;
  private final Map<String, JsonNode> values;
  private final Set<String> defaultedKeys;

  private SchedulerConfig(String className, Map<String, JsonNode> values, Set<String> defaultedKeys) {
    this.className = className;
    this.values = values;
    this.defaultedKeys = defaultedKeys;
  }

  /**
   * Reads a {@code scheduler_config.json}.
   *
   * @throws IllegalArgumentException if the file is missing or not a JSON object
   */
  public static SchedulerConfig read(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + " is missing: export the model with its scheduler folder "
          + "(diffusers layout, scheduler/scheduler_config.json)", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses the text of a {@code scheduler_config.json}; {@code source} names it in error messages. */
  public static SchedulerConfig parse(String json, String source) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(source + " must hold a JSON object of scheduler settings");
    }
    Map<String, JsonNode> values = new LinkedHashMap<>();
    Set<String> defaulted = new LinkedHashSet<>();
    root.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue()));
    JsonNode defaults = values.remove("_use_default_values");
    if (defaults != null && defaults.isArray()) {
      defaults.forEach(key -> defaulted.add(key.asText()));
    }
    JsonNode classNode = values.get("_class_name");
    String className = classNode != null && classNode.isTextual() ? classNode.asText() : null;
    return new SchedulerConfig(className, Collections.unmodifiableMap(values), Collections.unmodifiableSet(defaulted));
  }

  /** The diffusers class that saved this config ({@code _class_name}), if present. */
  public Optional<String> className() {
    return Optional.ofNullable(className);
  }

  /** Every key as written in the file (including private ones such as {@code _class_name}). */
  public Map<String, JsonNode> values() {
    return values;
  }

  /** Keys listed in {@code _use_default_values}: diffusers ignores them so the target class default applies. */
  public Set<String> defaultedKeys() {
    return defaultedKeys;
  }

  /**
   * The value a diffusers {@code from_config} would pass on for {@code key}: present only when the file sets it
   * and does not list it in {@code _use_default_values}.
   */
  public Optional<JsonNode> explicit(String key) {
    if (key.startsWith("_") || defaultedKeys.contains(key)) {
      return Optional.empty();
    }
    return Optional.ofNullable(values.get(key));
  }
}
