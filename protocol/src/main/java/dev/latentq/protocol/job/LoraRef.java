package dev.latentq.protocol.job;

import java.util.Objects;

/**
 * A LoRA a job asks for, by name: the worker resolves names only within its configured LoRA sources (its folder, then
 * its bucket), never as a path, and fails jobs naming a LoRA it does not have with {@code unknown_lora}.
 *
 * @param name 1-128 characters of {@code [A-Za-z0-9._-]}, not starting with a dot; with or without the
 *     {@code .safetensors} extension
 * @param scale nullable: the strength in [-100, 100] (the worker may allow a narrower range); default 1.0
 */
public record LoraRef(String name, Double scale) {
  public LoraRef {
    Objects.requireNonNull(name, "name");
  }

  /** The scale, or 1.0 (the LoRA as trained) when absent. */
  public double scaleOrDefault() {
    return scale == null ? 1.0 : scale;
  }
}
