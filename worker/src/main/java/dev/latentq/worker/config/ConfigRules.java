package dev.latentq.worker.config;

import static dev.latentq.worker.config.ValueParsers.*;
import static java.util.Map.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.latentq.protocol.NamingRules;
import dev.latentq.worker.config.ValueParsers.ValueParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every rule a configuration value must follow, one place per rule: a parser per key, then the rules that span
 * keys. Each problem names the key, the value (unless secret), the expectation and where to fix it; a bad value is
 * replaced by its default so that one run finds every problem. Stateless.
 */
final class ConfigRules {
  private static final long ANY = Integer.MAX_VALUE;
  private static final Map<String, ValueParser<?>> PARSERS = Map.ofEntries(
      entry("workerId", id()),
      entry("kafka.bootstrapServers", bootstrapServers()), entry("kafka.groupId", text()),
      entry("kafka.topics.jobs", topic()), entry("kafka.topics.events", topic()),
      entry("kafka.topics.control", topic()), entry("kafka.topics.deadLetter", topic()),
      entry("kafka.groupProtocol", oneOf(KafkaSettings.CONSUMER_PROTOCOL, KafkaSettings.CLASSIC_PROTOCOL)),
      entry("kafka.commitInterval", duration(Duration.ofMillis(1))),
      entry("storage.endpoint", httpUrl()), entry("storage.accessKey", exactText()),
      entry("storage.secretKey", exactText()), entry("storage.region", text()), entry("storage.bucket", bucket()),
      entry("storage.keyPrefix", keyPrefix()), entry("storage.outputBuckets", bucketList()),
      entry("storage.inputBuckets", bucketList()), entry("storage.createBucket", bool()),
      entry("storage.retryBudget", duration(Duration.ZERO)),
      entry("engine.mode", oneOf(EngineSettings.ONNX, EngineSettings.SIMULATED)), entry("engine.provider", provider()),
      entry("engine.deviceId", whole(0, ANY)), entry("engine.intraOpThreads", whole(0, ANY)),
      entry("engine.maxBatch", whole(1, ANY)), entry("engine.maxQueuedJobs", whole(1, ANY)),
      entry("engine.memoryBudget", byteSize()),
      entry("engine.costModel", text()), entry("engine.tensorRtCacheDir", anyText()),
      entry("engine.admission", oneOf("step", "request")), entry("engine.maxQueueDelay", duration(Duration.ZERO)),
      entry("engine.maxDecodeBatch", whole(1, ANY)), entry("engine.maxDecodeDelay", duration(Duration.ZERO)),
      entry("engine.batchTextEncoding", bool()), entry("engine.maxPreemptions", whole(0, ANY)),
      entry("engine.maxStepLatency", duration(Duration.ZERO)),
      entry("limits.maxSteps", whole(1, ANY)), entry("limits.maxImages", whole(1, ANY)),
      entry("limits.maxSide", whole(64, ANY)), entry("limits.maxPixels", whole(64 * 64, Long.MAX_VALUE)),
      entry("limits.maxInitImagePixels", whole(1, Long.MAX_VALUE)), entry("limits.maxPromptChunks", whole(1, 1000)),
      entry("loras.folder", path()), entry("loras.maxPerJob", whole(1, 16)), entry("loras.maxScale", positive(100)),
      entry("loras.bucket", bucket()), entry("loras.prefix", keyPrefix()), entry("loras.cacheFolder", path()),
      entry("loras.cacheSize", byteSize()), entry("loras.keptVariants", whole(1, ANY)),
      entry("defaults.strength", positive(1)), entry("defaults.progressInterval", duration(Duration.ZERO)),
      entry("defaults.promptSyntax", oneOf("plain", "a1111")),
      entry("http.host", text()), entry("http.port", whole(0, 65535)),
      entry("drainTimeout", duration(Duration.ZERO)));
  private static final Set<String> SECRETS = Set.of("storage.accessKey", "storage.secretKey");
  private static final List<String> TOPICS =
      List.of("kafka.topics.jobs", "kafka.topics.events", "kafka.topics.control", "kafka.topics.deadLetter");
  /** Client properties that have their own keys; a pass-through copy would silently fight them. */
  private static final Map<String, String> MANAGED = Map.of("bootstrap.servers", "kafka.bootstrapServers",
      "group.id", "kafka.groupId", "group.protocol", "kafka.groupProtocol");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
  private static final String INDEX = "model_index.json";

  private ConfigRules() {}

  /**
   * Checks the tree and leaves in it, for binding, each value in its canonical form (numbers, lower-case words,
   * absolute paths, the worker id chosen).
   *
   * @param typed turns a parsed value into its tree form
   */
  static void check(ConfigTree tree, Map<String, String> env, Function<Object, JsonNode> typed) {
    values(tree, typed);
    acrossKeys(tree, env, typed);
  }

  /** Checks each key on its own, replacing its text by the parsed value. */
  static void values(ConfigTree tree, Function<Object, JsonNode> typed) {
    for (String key : ConfigTree.KEYS) {
      ValueParser<?> parser = PARSERS.get(key);
      if (parser == null) {
        throw new IllegalStateException(ConfigTree.EXAMPLE + " has key " + key + ", which no rule checks");
      }
      JsonNode node = tree.get(key);
      if (node.isNull()) {
        continue;
      }
      String text = node.isArray() ? String.join(",", node.valueStream().map(JsonNode::asText).toList())
          : node.asText();
      try {
        tree.set(key, typed.apply(parser.parse(text, tree.baseDir(key))), null);
      } catch (IllegalArgumentException e) {
        tree.problem(key + " " + e.getMessage() + ", got " + (SECRETS.contains(key) ? "a hidden value"
            : NUMBER.matcher(text).matches() ? text : "'" + text + "'") + " " + tree.where(key));
        tree.reset(key);
      }
    }
  }

  private static void acrossKeys(ConfigTree tree, Map<String, String> env, Function<Object, JsonNode> typed) {
    Set<String> topics = new HashSet<>();
    for (String key : TOPICS) {
      if (!topics.add(tree.get(key).asText())) {
        tree.problem(key + " is '" + tree.get(key).asText() + "', the same as another topic: each role needs its "
            + "own topic " + tree.where(key));
      }
    }
    tree.properties().properties().stream().map(Map.Entry::getKey).forEach(name -> {
      String managed = MANAGED.get(name);
      if (managed != null) {
        tree.problem(ConfigTree.PROPERTIES + "." + name + " duplicates " + managed + ": set " + managed + " (or "
            + ConfigTree.envName(managed) + ") instead " + tree.where(ConfigTree.PROPERTIES + "." + name));
      }
    });
    if (tree.get("storage.accessKey").isNull() != tree.get("storage.secretKey").isNull()) {
      boolean accessMissing = tree.get("storage.accessKey").isNull();
      String missing = accessMissing ? "storage.accessKey" : "storage.secretKey";
      tree.problem((accessMissing ? "storage.secretKey" : "storage.accessKey") + " is set but " + missing
          + " is not: set both (or neither, for anonymous access) (set in " + tree.fileLabel() + " or "
          + ConfigTree.envName(missing) + ")");
    }
    JsonNode loras = tree.get("loras.folder");
    if (!loras.isNull() && !Files.isDirectory(Path.of(loras.asText()))) {
      tree.problem("loras.folder is " + loras.asText() + ", which is not a directory: point it at the folder of the "
          + ".safetensors LoRAs jobs may name, or leave it unset to serve no LoRAs " + tree.where("loras.folder"));
    }
    models(tree, typed, !EngineSettings.SIMULATED.equals(tree.get("engine.mode").asText()));
    if (tree.get("workerId").isNull()) {
      tree.set("workerId", TextNode.valueOf(defaultWorkerId(env.get("HOSTNAME"))), null);
    }
  }

  private static String defaultWorkerId(String hostname) {
    // A hostname that is no valid id (rare) is not worth a refused start: the id only has to be unique-ish.
    return hostname != null && NamingRules.isId(hostname.strip()) ? hostname.strip()
        : "worker-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A model as written, before its checks; {@code label} names it in messages. */
  private record Entry(String label, String id, String folder, boolean pinned) {}

  /**
   * Turns {@code models} (a map {@code id: folder} or a list of {@code {id, folder, pinned}} in the file,
   * {@code id=folder,id=folder} in {@code LATENTQ_MODELS}) into a list of checked models.
   *
   * @param checkFolders false where folders are not read (the simulated engine)
   */
  private static void models(ConfigTree tree, Function<Object, JsonNode> typed, boolean checkFolders) {
    JsonNode node = tree.get(ConfigTree.MODELS);
    String where = tree.where(ConfigTree.MODELS);
    int before = tree.problemCount();
    List<Entry> entries = new ArrayList<>();
    if (node.isMissingNode()) {
      tree.problem("no models configured: the worker needs at least one; add `models:` (id: folder) to "
          + tree.fileLabel() + " or set LATENTQ_MODELS=id=folder[,id=folder]");
      return;
    } else if (node.isTextual() && tree.origin(ConfigTree.MODELS).variable() != null) {
      for (String item : node.asText().split(",")) {
        String entry = item.strip();
        int equals = entry.indexOf('=');
        String id = equals < 0 ? null : entry.substring(0, equals).strip();
        if (equals >= 0) {
          entries.add(new Entry("models." + id, id, entry.substring(equals + 1).strip(), false));
        } else if (!entry.isEmpty()) {
          tree.problem("LATENTQ_MODELS entry '" + entry + "' must be id=folder " + where);
        }
      }
    } else if (node.isObject()) {
      node.properties().forEach(e -> entries.add(new Entry("models." + e.getKey(), e.getKey(),
          e.getValue().isTextual() ? e.getValue().asText() : null, false)));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        listEntry(tree, "models[" + i + "]", node.get(i), where, entries);
      }
    } else {
      tree.problem("models must be a mapping (id: folder) or a list of {id, folder} " + where);
    }
    List<ModelSettings> models = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Entry entry : entries) {
      boolean valid = true;
      if (entry.id() == null || !NamingRules.isId(entry.id())) {
        tree.problem(entry.label() + ": model id " + (entry.id() == null ? "is missing" : "'" + entry.id() + "' "
            + NamingRules.ID_EXPECTATION) + " " + where);
        valid = false;
      } else if (!ids.add(entry.id())) {
        tree.problem(entry.label() + ": model id '" + entry.id() + "' is configured twice: keep one " + where);
        valid = false;
      }
      Path folder = null;
      try {
        if (entry.folder() == null || entry.folder().isBlank()) {
          throw new IllegalArgumentException("the folder " + (entry.folder() == null ? "is missing or not text"
              : "is blank") + ": give the folder of the model's ONNX export");
        }
        folder = path().parse(entry.folder(), tree.baseDir(ConfigTree.MODELS));
      } catch (IllegalArgumentException e) {
        tree.problem(entry.label() + ": " + e.getMessage() + " " + where);
      }
      if (valid && folder != null) {
        models.add(new ModelSettings(entry.id(), folder, entry.pinned()));
      }
    }
    if (models.isEmpty() && tree.problemCount() == before) {
      tree.problem("models is empty: the worker needs at least one model " + where);
    }
    for (ModelSettings model : checkFolders ? models : List.<ModelSettings>of()) {
      Path index = model.folder().resolve(INDEX);
      if (!Files.isDirectory(model.folder())) {
        tree.problem("models." + model.id() + ": folder " + model.folder() + " does not exist or is not a directory:"
            + " point it at the model's ONNX export in the diffusers layout " + where);
      } else if (!Files.isRegularFile(index)) {
        tree.problem("models." + model.id() + ": " + index + " is missing: " + model.folder() + " is not a "
            + "diffusers-layout ONNX export (expected model_index.json, unet/, vae_decoder/, ...) " + where);
      }
    }
    tree.set(ConfigTree.MODELS, typed.apply(models), null);
  }

  private static void listEntry(ConfigTree tree, String label, JsonNode entry, String where, List<Entry> entries) {
    if (!entry.isObject()) {
      tree.problem(label + " must be a mapping with id, folder and pinned " + where);
      return;
    }
    entry.properties().stream().map(Map.Entry::getKey).filter(name -> !Set.of("id", "folder", "pinned").contains(name)).forEach(name ->
        tree.problem("unknown key " + label + "." + name + " in " + tree.fileLabel()
            + ": a model has only id, folder and pinned"));
    JsonNode id = entry.path("id");
    JsonNode pinned = entry.path("pinned");
    if (!pinned.isMissingNode() && !pinned.isBoolean()) {
      tree.problem(label + ".pinned must be true or false, got " + pinned.asText() + " " + where);
    }
    entries.add(new Entry(label, id.isValueNode() && !id.isNull() ? id.asText() : null,
        entry.path("folder").isTextual() ? entry.path("folder").asText() : null, pinned.asBoolean(false)));
  }
}
