package dev.latentq.engine.lora;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;

/**
 * One LoRA file at a strength: the weight diffusers' {@code set_adapters} takes, applied to the U-Net and text
 * encoder alike.
 *
 * @param file a {@code .safetensors} LoRA, made absolute and normalized so equal files compare equal
 * @param scale the strength; 1 applies the LoRA as trained, 0 not at all, negative values invert it
 */
public record LoraWeight(Path file, double scale) {
  static final Comparator<LoraWeight> ORDER =
      Comparator.comparing((LoraWeight w) -> w.file().toString()).thenComparingDouble(LoraWeight::scale);

  public LoraWeight {
    Objects.requireNonNull(file, "file");
    if (!Double.isFinite(scale)) {
      throw new IllegalArgumentException("LoRA scale must be a finite number, got " + scale + " for " + file);
    }
    file = file.toAbsolutePath().normalize();
    // -0.0 and 0.0 are the same strength; keep them equal as cache keys.
    scale = scale == 0 ? 0.0 : scale;
  }

  @Override
  public String toString() {
    return file.getFileName() + ":" + scale;
  }
}
