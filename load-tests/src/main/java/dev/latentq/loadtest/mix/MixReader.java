package dev.latentq.loadtest.mix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads job mixes from YAML or JSON files ({@code {classes: [...]}} or a bare list of classes) and from
 * {@code --class} option values ({@code name=draft,weight=10,steps=8}). Unknown fields are errors, so that typos do
 * not silently fall back to defaults. Thread-safe.
 */
public final class MixReader {

  private final ObjectMapper yaml = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();
  private final ObjectMapper json = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  /**
   * The mix in {@code file}; {@code .json} files are read as JSON, everything else as YAML.
   *
   * @throws IllegalArgumentException naming the file and the problem if it cannot be read as a mix
   */
  public JobMix read(Path file) {
    ObjectMapper mapper = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? json : yaml;
    JsonNode root;
    try {
      root = mapper.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("mix file " + file + " does not exist: check the --mix path", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("mix file " + file + " is not valid YAML/JSON: " + e.getMessage(), e);
    }
    JsonNode classes = root != null && root.isObject() ? root.get("classes") : root;
    if (classes == null || !classes.isArray() || classes.isEmpty()) {
      throw new IllegalArgumentException("mix file " + file + " has no classes: write `classes:` followed by a list "
          + "of classes, each with at least a name (see load-tests/README.md)");
    }
    if (root.isObject() && root.size() > 1) {
      throw new IllegalArgumentException("mix file " + file + " has fields besides `classes`: remove them");
    }
    List<JobClass> result = new ArrayList<>();
    for (JsonNode node : classes) {
      result.add(toClass(mapper, node, "mix file " + file));
    }
    return new JobMix(result);
  }

  /** One class from {@code name=draft,weight=10,steps=8,scheduler=dpmpp_2m,deadline=30s}. */
  public JobClass parseOption(String option) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : option.split(",")) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("--class '" + option + "': '" + pair + "' is not key=value; write e.g. "
            + "name=draft,weight=10,steps=8");
      }
      String key = pair.substring(0, equals).trim();
      if (fields.put(key, pair.substring(equals + 1).trim()) != null) {
        throw new IllegalArgumentException("--class '" + option + "' sets " + key + " twice: keep one");
      }
    }
    return toClass(json, json.valueToTree(fields), "--class '" + option + "'");
  }

  private static JobClass toClass(ObjectMapper mapper, JsonNode node, String where) {
    JobClassSpec spec;
    try {
      spec = mapper.treeToValue(node, JobClassSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": " + e.getOriginalMessage() + " (fields: name, weight, model, "
          + "width, height, size, steps, guidance, numImages, priority, scheduler, deadline, prompts)", e);
    }
    try {
      return spec.toJobClass();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }
}
