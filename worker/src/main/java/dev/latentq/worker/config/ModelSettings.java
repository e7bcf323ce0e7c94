package dev.latentq.worker.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One model the worker serves.
 *
 * @param id the id jobs name in their {@code model} field ({@code [A-Za-z0-9._-]{1,128}})
 * @param folder absolute, normalized folder of the ONNX export in the diffusers layout (with
 *     {@code model_index.json}); the loader checks it exists, the engine loads it
 * @param pinned loaded at start and never evicted ({@code models[].pinned}, default false: loaded on first use and
 *     evicted when idle and another model needs the memory budget)
 */
public record ModelSettings(String id, Path folder, boolean pinned) {
  public ModelSettings {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(folder, "folder");
  }

  /** A model loaded on first use (not pinned). */
  public ModelSettings(String id, Path folder) {
    this(id, folder, false);
  }
}
