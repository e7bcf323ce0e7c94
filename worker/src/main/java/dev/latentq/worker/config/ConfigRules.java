package dev.latentq.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.latentq.protocol.NamingRules;
import dev.latentq.worker.config.WorkerConfig.EngineSettings;
import dev.latentq.worker.config.WorkerConfig.ModelSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every rule a configuration value must follow, one place per rule: each key's parser (from
 * {@link ValueParsers#PARSERS}), then the rules that span keys. Each problem names the key, the value (unless secret),
 * the expectation and where to fix it; a bad value is replaced by its default so that one run finds every problem.
 */
final class ConfigRules {
  /** Client properties that have their own keys; a pass-through copy would silently fight them. */
  private static final Map<String, String> MANAGED = Map.of("bootstrap.servers", "kafka.bootstrapServers",
      "group.id", "kafka.groupId", "group.protocol", "kafka.groupProtocol");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
  private static final Set<String> MODEL_FIELDS = Set.of("id", "folder", "pinned");

  private ConfigRules() {}

  /** Checks every value and returns them by key path, parsed, with the models and the computed defaults. */
  static Map<String, Object> check(ConfigSources sources, Map<String, String> env) {
    Map<String, Object> values = values(sources);
    Set<Object> topics = new HashSet<>();
    values.forEach((key, value) -> {
      if (key.startsWith("kafka.topics.") && !topics.add(value)) {
        sources.problems.add(key + " is '" + value + "', the same as another topic: each role needs its own topic "
            + sources.where(key));
      }
    });
    sources.properties.keySet().stream().filter(MANAGED::containsKey).forEach(name -> sources.problems.add(
        ConfigSources.PROPERTIES + "." + name + " duplicates " + MANAGED.get(name) + ": set " + MANAGED.get(name)
            + " (or " + ConfigSources.envName(MANAGED.get(name)) + ") instead "
            + sources.where(ConfigSources.PROPERTIES + "." + name)));
    values.put(ConfigSources.PROPERTIES, sources.properties);
    boolean noAccessKey = values.get("storage.accessKey") == null;
    if (noAccessKey != (values.get("storage.secretKey") == null)) {
      String missing = noAccessKey ? "storage.accessKey" : "storage.secretKey";
      sources.problems.add((noAccessKey ? "storage.secretKey" : "storage.accessKey") + " is set but " + missing
          + " is not: set both (or neither, for anonymous access) " + sources.where(missing));
    }
    Path loras = (Path) values.get("loras.folder");
    if (loras != null && !Files.isDirectory(loras)) {
      sources.problems.add("loras.folder is " + loras + ", which is not a directory: point it at the folder of the "
          + ".safetensors LoRAs jobs may name, or leave it unset to serve no LoRAs " + sources.where("loras.folder"));
    }
    // Both are absolute and normalized by now, so equal paths mean the same folder.
    if (loras != null && loras.equals(values.get("loras.cacheFolder"))) {
      sources.problems.add("loras.cacheFolder is the LoRA folder " + loras + ": the cache deletes the files it evicts,"
          + " so give it a folder of its own " + sources.where("loras.cacheFolder"));
    }
    values.put(ConfigSources.MODELS, models(sources, !EngineSettings.SIMULATED.equals(values.get("engine.mode"))));
    String hostname = env.getOrDefault("HOSTNAME", "").strip();
    // A hostname that is no valid id (rare) is not worth a refused start: the id only has to be unique-ish.
    values.putIfAbsent("workerId", NamingRules.isId(hostname) ? hostname
        : "worker-" + UUID.randomUUID().toString().substring(0, 8));
    return values;
  }

  /** Parses each key on its own; a bad value is reported and replaced by its default, so later rules still run. */
  private static Map<String, Object> values(ConfigSources sources) {
    Map<String, Object> values = new LinkedHashMap<>();
    ConfigSources.DEFAULTS.forEach((key, fallback) -> {
      ValueParsers.ValueParser<?> parser = ValueParsers.PARSERS.get(key);
      if (parser == null) {
        throw new IllegalStateException(ConfigSources.EXAMPLE + " has key " + key + ", which no rule checks");
      }
      String text = textOf(sources.values.get(key));
      try {
        values.put(key, text == null ? null : parser.parse(text, sources.baseDir(key)));
      } catch (IllegalArgumentException e) {
        sources.problems.add(key + " " + e.getMessage() + ", got " + (parser == ValueParsers.SECRET ? "a hidden value"
            : NUMBER.matcher(text).matches() ? text : "'" + text + "'") + " " + sources.where(key));
        values.put(key, textOf(fallback) == null ? null : parser.parse(textOf(fallback), sources.baseDir(key)));
      }
    });
    return values;
  }

  /** A value as the parsers read it: a list joined with commas, null when unset. */
  private static String textOf(JsonNode node) {
    return node.isNull() ? null : node.isArray() ? String.join(",", node.valueStream().map(JsonNode::asText).toList())
        : node.asText();
  }

  /**
   * Reads {@code models} in its three forms: a map {@code id: folder} or a list of {@code {id, folder, pinned}} in the
   * file, or {@code id=folder,id=folder} in {@code LATENTQ_MODELS}. Checks ids and, unless the engine is simulated (it
   * reads no folders), that each folder holds {@code model_index.json}. It does not load models.
   */
  private static List<ModelSettings> models(ConfigSources sources, boolean checkFolders) {
    JsonNode node = sources.values.get(ConfigSources.MODELS);
    String where = " " + sources.where(ConfigSources.MODELS);
    List<String> problems = sources.problems;
    int before = problems.size();
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(); // label in messages -> {id, folder, pinned}
    if (node == null) {
      problems.add("no models configured: the worker needs at least one; add `models:` (id: folder) to "
          + sources.fileLabel + " or set LATENTQ_MODELS=id=folder[,id=folder]");
    } else if (node.isTextual() && sources.variables.containsKey(ConfigSources.MODELS)) {
      for (String item : node.asText().split(",")) {
        String[] pair = item.strip().split("=", 2);
        if (pair.length == 2) {
          entries.add(Map.entry("models." + pair[0].strip(), model(pair[0].strip(), TextNode.valueOf(pair[1]))));
        } else if (!item.isBlank()) {
          problems.add("LATENTQ_MODELS entry '" + item.strip() + "' must be id=folder" + where);
        }
      }
    } else if (node.isObject()) {
      node.properties().forEach(e -> entries.add(Map.entry("models." + e.getKey(), model(e.getKey(), e.getValue()))));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        entries.add(Map.entry("models[" + i + "]", node.get(i)));
      }
    } else {
      problems.add("models must be a mapping (id: folder) or a list of {id, folder}" + where);
    }
    List<ModelSettings> models = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Map.Entry<String, JsonNode> entry : entries) {
      String label = entry.getKey();
      JsonNode fields = entry.getValue();
      JsonNode pinned = fields.path("pinned");
      if (!fields.isObject()) {
        problems.add(label + " must be a mapping with id, folder and pinned" + where);
        continue;
      } else if (!pinned.isMissingNode() && !pinned.isBoolean()) {
        problems.add(label + ".pinned must be true or false, got " + pinned.asText() + where);
      }
      fields.fieldNames().forEachRemaining(name -> problems.addAll(MODEL_FIELDS.contains(name) ? List.of()
          : List.of("unknown key " + label + "." + name + " in " + sources.fileLabel + ": a model has only id, "
              + "folder and pinned")));
      String id = fields.path("id").isValueNode() ? fields.path("id").asText() : null;
      String folder = fields.path("folder").isTextual() ? fields.path("folder").asText() : null;
      boolean valid = id != null && NamingRules.isId(id) && ids.add(id);
      if (!valid) {
        problems.add(label + ": model id " + (id == null ? "is missing" : "'" + id + "' " + (NamingRules.isId(id)
            ? "is configured twice: keep one" : NamingRules.ID_EXPECTATION)) + where);
      }
      if (folder == null || folder.isBlank()) {
        problems.add(label + ": the folder " + (folder == null ? "is missing or not text" : "is blank")
            + ": give the folder of the model's ONNX export" + where);
        continue;
      }
      Path path;
      try {
        path = ValueParsers.PATH.parse(folder, sources.baseDir(ConfigSources.MODELS));
      } catch (IllegalArgumentException e) { // a character the file system refuses
        problems.add(label + ": " + e.getMessage() + where);
        continue;
      }
      if (valid) {
        models.add(new ModelSettings(id, path, pinned.asBoolean(false)));
      }
      if (valid && checkFolders && !Files.isRegularFile(path.resolve("model_index.json"))) {
        problems.add("models." + id + ": " + (Files.isDirectory(path) ? path.resolve("model_index.json")
            + " is missing: " + path + " is not a diffusers-layout ONNX export (expected model_index.json, unet/, "
            + "vae_decoder/, ...)" : "folder " + path + " does not exist or is not a directory: point it at the "
            + "model's ONNX export in the diffusers layout") + where);
      }
    }
    if (node != null && models.isEmpty() && problems.size() == before) {
      problems.add("models is empty: the worker needs at least one model" + where);
    }
    return models;
  }

  private static JsonNode model(String id, JsonNode folder) {
    return JsonNodeFactory.instance.objectNode().put("id", id).set("folder", folder);
  }
}
