package dev.latentq.worker.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One model the worker serves.
 *
 * @param id the id jobs name in their {@code model} field
 * @param folder absolute, normalized folder of the ONNX export in the diffusers layout (with {@code model_index.json})
 * @param pinned load at start-up and never evict
 */
public record ModelSettings(String id, Path folder, boolean pinned) {
  public ModelSettings {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(folder, "folder");
  }

  /** A model loaded on demand (not pinned). */
  public ModelSettings(String id, Path folder) {
    this(id, folder, false);
  }
}
