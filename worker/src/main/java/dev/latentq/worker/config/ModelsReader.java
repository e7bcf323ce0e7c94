package dev.latentq.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latentq.protocol.NamingRules;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map.Entry;
import java.util.Set;

/**
 * Turns the {@code models} value into {@link ModelSettings}: from the file as a map ({@code id: folder}) or a list
 * of {@code {id, folder}}, or from {@code LATENTQ_MODELS} ({@code id=folder,id=folder}). Checks ids and, unless
 * told not to, that each folder holds {@code model_index.json}; it does not load models. Stateless.
 */
final class ModelsReader {
  private static final String INDEX = "model_index.json";

  private ModelsReader() {}

  /**
   * The models, or an empty list after reporting why there are none usable.
   *
   * @param checkFolders false where folders are not read (the simulated engine)
   */
  static List<ModelSettings> read(SourceValues.ModelsValue value, boolean checkFolders, Problems problems) {
    if (value == null) {
      problems.add("no models configured: the worker needs at least one; add `models:` (id: folder) to "
          + problems.fileLabel() + " or set " + ConfigKeys.MODELS_ENV + "=id=folder[,id=folder]");
      return List.of();
    }
    Reading reading = new Reading(value, problems);
    if (value.node() != null) {
      reading.fromNode(value.node());
    } else {
      reading.fromText(value.text());
    }
    List<ModelSettings> models = reading.models;
    if (models.isEmpty() && !reading.reported) {
      problems.add("models is empty: the worker needs at least one model " + reading.where());
    }
    if (checkFolders) {
      models.forEach(reading::checkFolder);
    }
    return List.copyOf(models);
  }

  private static final class Reading {
    private final SourceValues.ModelsValue value;
    private final Problems problems;
    private final List<ModelSettings> models = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private boolean reported;

    Reading(SourceValues.ModelsValue value, Problems problems) {
      this.value = value;
      this.problems = problems;
    }

    private void report(String message) {
      problems.add(message);
      reported = true;
    }

    String where() {
      return problems.where(ConfigKeys.MODELS_ENV, value.origin());
    }

    void fromNode(JsonNode node) {
      if (node.isObject()) {
        for (Entry<String, JsonNode> entry : node.properties()) {
          JsonNode folder = entry.getValue();
          String label = "models." + entry.getKey();
          add(label, entry.getKey(), folder.isTextual() ? folder.asText() : null, false);
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          listEntry("models[" + i + "]", node.get(i));
        }
      } else {
        report("models must be a mapping (id: folder) or a list of {id, folder} " + where());
      }
    }

    private void listEntry(String label, JsonNode entry) {
      if (!entry.isObject()) {
        report(label + " must be a mapping with id and folder " + where());
        return;
      }
      for (Entry<String, JsonNode> field : entry.properties()) {
        if (!List.of("id", "folder", "pinned").contains(field.getKey())) {
          report("unknown key " + label + "." + field.getKey() + " in " + value.origin().name()
              + ": a model has only id, folder and pinned");
        }
      }
      JsonNode id = entry.get("id");
      JsonNode folder = entry.get("folder");
      JsonNode pinned = entry.get("pinned");
      if (pinned != null && !pinned.isBoolean()) {
        report(label + ".pinned must be true or false " + where());
      }
      add(label, id != null && id.isValueNode() && !id.isNull() ? id.asText() : null,
          folder != null && folder.isTextual() ? folder.asText() : null, pinned != null && pinned.asBoolean(false));
    }

    void fromText(String text) {
      for (String item : text.split(",")) {
        String entry = item.strip();
        if (entry.isEmpty()) {
          continue;
        }
        int equals = entry.indexOf('=');
        if (equals < 0) {
          report(ConfigKeys.MODELS_ENV + " entry '" + entry + "' must be id=folder " + where());
          continue;
        }
        String id = entry.substring(0, equals).strip();
        add("models." + id, id, entry.substring(equals + 1).strip(), false);
      }
    }

    private void add(String label, String id, String folder, boolean pinned) {
      boolean valid = true;
      if (id == null || !NamingRules.isId(id)) {
        report(label + ": model id " + (id == null ? "is missing" : "'" + id + "' "
            + NamingRules.ID_EXPECTATION) + " " + where());
        valid = false;
      } else if (!ids.add(id)) {
        report(label + ": model id '" + id + "' is configured twice: keep one " + where());
        valid = false;
      }
      Path path = null;
      if (folder == null || folder.isBlank()) {
        report(label + ": the folder " + (folder == null ? "is missing or not text" : "is blank")
            + ": give the folder of the model's ONNX export " + where());
        valid = false;
      } else {
        path = resolve(label, folder);
        valid &= path != null;
      }
      if (valid) {
        models.add(new ModelSettings(id, path, pinned));
      }
    }

    private Path resolve(String label, String folder) {
      try {
        return value.baseDir().resolve(folder).toAbsolutePath().normalize();
      } catch (InvalidPathException e) {
        report(label + ": '" + folder + "' is not a valid path (" + e.getReason() + ") " + where());
        return null;
      }
    }

    void checkFolder(ModelSettings model) {
      String label = "models." + model.id();
      if (!Files.isDirectory(model.folder())) {
        report(label + ": folder " + model.folder() + " does not exist or is not a directory: point it at "
            + "the model's ONNX export in the diffusers layout " + where());
      } else if (!Files.isRegularFile(model.folder().resolve(INDEX))) {
        report(label + ": " + model.folder().resolve(INDEX) + " is missing: " + model.folder()
            + " is not a diffusers-layout ONNX export (expected model_index.json, unet/, vae_decoder/, ...) "
            + where());
      }
    }
  }
}
