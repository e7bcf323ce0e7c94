package dev.latentq.worker.config;

import java.nio.file.Path;

/** One entry of {@code models} in {@code latentq-example.yaml}; {@code folder} is absolute and normalized. */
public record ModelSettings(String id, Path folder, boolean pinned) {
  /** A model loaded on demand (not pinned). */
  public ModelSettings(String id, Path folder) {
    this(id, folder, false);
  }
}
