package dev.latentq.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latentq.protocol.NamingRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code models}: a map {@code id: folder} or a list of {@code {id, folder, pinned}} in the file, or
 * {@code id=folder,id=folder} in {@code LATENTQ_MODELS}; checks ids and, unless told not to, that each folder holds
 * {@code model_index.json}. It does not load models.
 */
final class ModelsRule {
  private static final Set<String> FIELDS = Set.of("id", "folder", "pinned");

  /** A model as written; {@code label} names it in messages. */
  private record Entry(String label, String id, String folder, boolean pinned) {}

  private ModelsRule() {}

  /** @param checkFolders false where folders are not read (the simulated engine) */
  static List<ModelSettings> models(ConfigSources sources, boolean checkFolders) {
    JsonNode node = sources.values.get(ConfigSources.MODELS);
    String where = sources.where(ConfigSources.MODELS);
    List<String> problems = sources.problems;
    int before = problems.size();
    List<Entry> entries = new ArrayList<>();
    if (node == null) {
      problems.add("no models configured: the worker needs at least one; add `models:` (id: folder) to "
          + sources.fileLabel + " or set LATENTQ_MODELS=id=folder[,id=folder]");
    } else if (node.isTextual() && sources.variables.containsKey(ConfigSources.MODELS)) {
      for (String item : node.asText().split(",")) {
        String[] pair = item.strip().split("=", 2);
        if (pair.length == 2) {
          entries.add(new Entry("models." + pair[0].strip(), pair[0].strip(), pair[1].strip(), false));
        } else if (!item.isBlank()) {
          problems.add("LATENTQ_MODELS entry '" + item.strip() + "' must be id=folder " + where);
        }
      }
    } else if (node.isObject()) {
      node.properties().forEach(e -> entries.add(new Entry("models." + e.getKey(), e.getKey(),
          e.getValue().isTextual() ? e.getValue().asText() : null, false)));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String label = "models[" + i + "]";
        JsonNode entry = node.get(i);
        JsonNode pinned = entry.path("pinned");
        if (!entry.isObject()) {
          problems.add(label + " must be a mapping with id, folder and pinned " + where);
          continue;
        }
        entry.properties().stream().map(Map.Entry::getKey).filter(name -> !FIELDS.contains(name)).forEach(name ->
            problems.add("unknown key " + label + "." + name + " in " + sources.fileLabel
                + ": a model has only id, folder and pinned"));
        if (!pinned.isMissingNode() && !pinned.isBoolean()) {
          problems.add(label + ".pinned must be true or false, got " + pinned.asText() + " " + where);
        }
        entries.add(new Entry(label, entry.path("id").isValueNode() ? entry.path("id").asText() : null,
            entry.path("folder").isTextual() ? entry.path("folder").asText() : null, pinned.asBoolean(false)));
      }
    } else {
      problems.add("models must be a mapping (id: folder) or a list of {id, folder} " + where);
    }
    List<ModelSettings> models = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Entry entry : entries) {
      boolean valid = entry.id() != null && NamingRules.isId(entry.id()) && ids.add(entry.id());
      if (!valid) {
        problems.add(entry.label() + ": model id " + (entry.id() == null ? "is missing" : "'" + entry.id() + "' "
            + (NamingRules.isId(entry.id()) ? "is configured twice: keep one" : NamingRules.ID_EXPECTATION)) + " "
            + where);
      }
      try {
        if (entry.folder() == null || entry.folder().isBlank()) {
          throw new IllegalArgumentException("the folder " + (entry.folder() == null ? "is missing or not text"
              : "is blank") + ": give the folder of the model's ONNX export");
        }
        Path folder = ValueParsers.path().parse(entry.folder(), sources.baseDir(ConfigSources.MODELS));
        if (valid) {
          models.add(new ModelSettings(entry.id(), folder, entry.pinned()));
        }
      } catch (IllegalArgumentException e) {
        problems.add(entry.label() + ": " + e.getMessage() + " " + where);
      }
    }
    if (node != null && models.isEmpty() && problems.size() == before) {
      problems.add("models is empty: the worker needs at least one model " + where);
    }
    for (ModelSettings model : checkFolders ? models : List.<ModelSettings>of()) {
      Path index = model.folder().resolve("model_index.json");
      if (!Files.isDirectory(model.folder())) {
        problems.add("models." + model.id() + ": folder " + model.folder() + " does not exist or is not a directory:"
            + " point it at the model's ONNX export in the diffusers layout " + where);
      } else if (!Files.isRegularFile(index)) {
        problems.add("models." + model.id() + ": " + index + " is missing: " + model.folder() + " is not a "
            + "diffusers-layout ONNX export (expected model_index.json, unet/, vae_decoder/, ...) " + where);
      }
    }
    return models;
  }
}
