package dev.latentq.devstack;

import java.util.List;
import java.util.Objects;

/**
 * How a child JVM is tuned.
 *
 * @param maxHeap value for {@code -Xmx}, e.g. {@code 512m}
 * @param fastStartup adds {@code -XX:TieredStopAtLevel=1} (C1 only): faster startup, lower peak throughput
 * @param extraOptions further JVM options, appended last so they can override the defaults
 */
public record JvmSettings(String maxHeap, boolean fastStartup, List<String> extraOptions) {

  public JvmSettings {
    Objects.requireNonNull(maxHeap, "maxHeap");
    if (!maxHeap.matches("\\d+[kKmMgG]?")) {
      throw new IllegalArgumentException("maxHeap must look like 512m or 1g, got '" + maxHeap + "'");
    }
    extraOptions = List.copyOf(extraOptions);
  }

  /** The given heap, fast startup, no extra options. */
  public static JvmSettings withHeap(String maxHeap) {
    return new JvmSettings(maxHeap, true, List.of());
  }

  public JvmSettings withFastStartup(boolean enabled) {
    return new JvmSettings(maxHeap, enabled, extraOptions);
  }

  public JvmSettings withExtraOptions(List<String> options) {
    return new JvmSettings(maxHeap, fastStartup, options);
  }
}
