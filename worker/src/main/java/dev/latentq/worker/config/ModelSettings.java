package dev.latentq.worker.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One model the worker serves.
 *
 * @param id the id jobs name in their {@code model} field ({@code [A-Za-z0-9._-]{1,128}})
 * @param folder absolute, normalized folder of the ONNX export in the diffusers layout (with
 *     {@code model_index.json}); the loader checks it exists, the engine loads it
 */
public record ModelSettings(String id, Path folder) {
  public ModelSettings {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(folder, "folder");
  }
}
