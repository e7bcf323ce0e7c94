package dev.latentq.engine.model;

import java.util.Locale;

/**
 * ONNX Runtime session settings that trade memory and start-up time against step time. The defaults
 * ({@link #defaults()}) are the measured winners (docs/benchmarks.md, "Memory" and "Start-up"); the other values
 * exist so that the trade-off can be re-measured ({@code bin/bench-memory}) and changed where it differs.
 *
 * @param cpuArena ONNX Runtime's CPU arena: reuses freed blocks instead of returning them to malloc, but keeps
 *     the largest activations' memory for the life of the session
 * @param memoryPattern plans one block for all of a run's intermediate tensors from the first run of a shape. Off
 *     by default: the planned block comes on top of the arena chunks the first run left behind, which took the
 *     peak of one guided 512x512 image on shapes-sd from 1.5 to 2.6 GiB, and the step was no faster
 * @param prepacking lets MatMul/Conv kernels copy their weights into a kernel-specific layout at load time;
 *     without it ONNX Runtime packs on every run (slower) but holds no second copy of the weights
 * @param optimization graph optimization level at load; overrides (LoRA) always use {@link GraphOptimization#BASIC}
 * @param threadSpinning intra-op threads spin between operators instead of sleeping. Off by default: spinning
 *     burns CPU while the JVM does its part of the step (one 128x128 image from a fresh JVM: 3.6 against 3.1
 *     CPU-s), and no step-time gain showed on the shared two-core machine
 * @param lazyVaeEncoder open {@code vae_encoder/} on the first img2img/inpainting request instead of at load:
 *     text-to-image never pays its memory or load time
 */
public record SessionTuning(boolean cpuArena, boolean memoryPattern, boolean prepacking,
    GraphOptimization optimization, boolean threadSpinning, boolean lazyVaeEncoder) {

  /** ONNX Runtime's graph optimization levels. */
  public enum GraphOptimization { NONE, BASIC, EXTENDED, ALL }

  public SessionTuning {
    if (optimization == null) {
      throw new IllegalArgumentException("graph optimization level is required (none, basic, extended or all)");
    }
  }

  /** The engine's defaults; see docs/benchmarks.md for the measurements behind each. */
  public static SessionTuning defaults() {
    return new SessionTuning(true, false, true, GraphOptimization.ALL, false, true);
  }

  /** ONNX Runtime's own defaults, with the VAE encoder loaded eagerly: what the engine did before tuning. */
  public static SessionTuning onnxRuntimeDefaults() {
    return new SessionTuning(true, true, true, GraphOptimization.ALL, true, false);
  }

  /**
   * Reads a settings string: optionally a base first ({@code engine}, the default, or {@code ort} for
   * {@link #onnxRuntimeDefaults()}), then {@code name=value} changes as for {@link #with(String)}, e.g.
   * {@code "ort,lazy-vae-encoder=on"} or {@code "arena=off"}.
   */
  public static SessionTuning parse(String spec) {
    String trimmed = spec.strip();
    String base = trimmed.split(",", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (base.equals("engine") || base.equals("ort")) {
      String rest = trimmed.contains(",") ? trimmed.substring(trimmed.indexOf(',') + 1) : "";
      return (base.equals("ort") ? onnxRuntimeDefaults() : defaults()).with(rest);
    }
    return defaults().with(trimmed);
  }

  /**
   * Applies {@code name=value} pairs separated by commas to these settings, e.g.
   * {@code "arena=off,pattern=off,optimization=basic"}; names: arena, pattern, prepacking, optimization, spinning,
   * lazy-vae-encoder; values on/off (or true/false) and for optimization none/basic/extended/all.
   *
   * @throws IllegalArgumentException naming the bad pair and the accepted names
   */
  public SessionTuning with(String settings) {
    SessionTuning t = this;
    for (String pair : settings.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      String[] kv = pair.split("=", 2);
      String name = kv[0].strip().toLowerCase(Locale.ROOT);
      String value = kv.length == 2 ? kv[1].strip().toLowerCase(Locale.ROOT) : "";
      t = switch (name) {
        case "arena" -> new SessionTuning(flag(pair, value), t.memoryPattern, t.prepacking, t.optimization,
            t.threadSpinning, t.lazyVaeEncoder);
        case "pattern" -> new SessionTuning(t.cpuArena, flag(pair, value), t.prepacking, t.optimization,
            t.threadSpinning, t.lazyVaeEncoder);
        case "prepacking" -> new SessionTuning(t.cpuArena, t.memoryPattern, flag(pair, value), t.optimization,
            t.threadSpinning, t.lazyVaeEncoder);
        case "optimization" -> new SessionTuning(t.cpuArena, t.memoryPattern, t.prepacking, level(pair, value),
            t.threadSpinning, t.lazyVaeEncoder);
        case "spinning" -> new SessionTuning(t.cpuArena, t.memoryPattern, t.prepacking, t.optimization,
            flag(pair, value), t.lazyVaeEncoder);
        case "lazy-vae-encoder" -> new SessionTuning(t.cpuArena, t.memoryPattern, t.prepacking, t.optimization,
            t.threadSpinning, flag(pair, value));
        default -> throw new IllegalArgumentException("unknown session setting '" + pair + "': use arena, pattern,"
            + " prepacking, optimization, spinning or lazy-vae-encoder");
      };
    }
    return t;
  }

  private static boolean flag(String pair, String value) {
    return switch (value) {
      case "on", "true" -> true;
      case "off", "false" -> false;
      default -> throw new IllegalArgumentException("session setting '" + pair + "' needs on or off");
    };
  }

  private static GraphOptimization level(String pair, String value) {
    for (GraphOptimization level : GraphOptimization.values()) {
      if (level.name().toLowerCase(Locale.ROOT).equals(value)) {
        return level;
      }
    }
    throw new IllegalArgumentException("session setting '" + pair + "' needs none, basic, extended or all");
  }
}
