package dev.latentq.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A model exported to ONNX in the diffusers folder layout ({@code model_index.json}, {@code text_encoder/},
 * {@code unet/}, {@code vae_decoder/}, {@code scheduler/}, {@code tokenizer/}, …): resolves and checks paths and
 * reads the JSON files, naming the file and the fix whenever something is missing or unreadable.
 */
public final class ModelFolder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final JsonNode index;

  private ModelFolder(Path root, JsonNode index) {
    this.root = root;
    this.index = index;
  }

  /** Opens a folder, failing unless it is a directory with a readable {@code model_index.json}. */
  public static ModelFolder open(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new ModelLoadException("model folder " + root + " does not exist or is not a directory: "
          + "pass the folder of a model exported to ONNX in the diffusers layout (with model_index.json)");
    }
    Path indexFile = root.resolve("model_index.json");
    if (!Files.isRegularFile(indexFile)) {
      throw new ModelLoadException(indexFile + " is missing: " + root + " is not a diffusers-layout ONNX export "
          + "(expected model_index.json, text_encoder/, unet/, vae_decoder/, scheduler/, tokenizer/)");
    }
    return new ModelFolder(root, readJson(indexFile));
  }

  public Path root() {
    return root;
  }

  /** The model's name: its folder name. */
  public String name() {
    return root.getFileName().toString();
  }

  public JsonNode index() {
    return index;
  }

  /** True when model_index.json declares a component and it is not null (diffusers writes [null, null]). */
  public boolean declares(String component) {
    JsonNode entry = index.get(component);
    return entry != null && entry.isArray() && entry.size() == 2 && !entry.get(0).isNull();
  }

  /** The required {@code <component>/model.onnx}. */
  public Path onnx(String component) {
    return optionalOnnx(component).orElseThrow(() -> new ModelLoadException(
        root.resolve(component).resolve("model.onnx") + " is missing: the model needs its " + component
            + " exported to ONNX (diffusers layout: " + component + "/model.onnx)"));
  }

  /** {@code <component>/model.onnx} if present. */
  public Optional<Path> optionalOnnx(String component) {
    Path file = root.resolve(component).resolve("model.onnx");
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /** A required folder, e.g. {@code tokenizer}. */
  public Path folder(String component) {
    Path dir = root.resolve(component);
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException(dir + " is missing: the model needs its " + component
          + " folder (diffusers layout)");
    }
    return dir;
  }

  /** A required JSON file relative to the root, e.g. {@code scheduler/scheduler_config.json}. */
  public JsonNode json(String relative) {
    Path file = root.resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException(file + " is missing: export it with the model (diffusers layout)");
    }
    return readJson(file);
  }

  /** An optional JSON file relative to the root. */
  public Optional<JsonNode> optionalJson(String relative) {
    Path file = root.resolve(relative);
    return Files.isRegularFile(file) ? Optional.of(readJson(file)) : Optional.empty();
  }

  private static JsonNode readJson(Path file) {
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new ModelLoadException(file + " does not hold a JSON object: re-export the model or restore the file");
      }
      return node;
    } catch (IOException e) {
      throw new ModelLoadException(file + " is not readable JSON (" + e.getMessage()
          + "): re-export the model or restore the file", e);
    }
  }
}
