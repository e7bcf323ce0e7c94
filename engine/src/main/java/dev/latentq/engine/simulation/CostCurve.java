package dev.latentq.engine.simulation;

import java.util.Map;
import java.util.TreeMap;

/**
 * Latency of one accelerator call as a function of its batch size: measured points, linear in between, and
 * beyond the last point the last segment's per-item slope (a saturated GPU scales linearly). Immutable.
 */
public final class CostCurve {
  private final int[] sizes;
  private final double[] millis;

  /** @param points batch size -> milliseconds per call, at least one point, sizes >= 1, times > 0 */
  public CostCurve(Map<Integer, Double> points) {
    if (points.isEmpty()) {
      throw new IllegalArgumentException("a cost curve needs at least one (batch size, milliseconds) point");
    }
    TreeMap<Integer, Double> sorted = new TreeMap<>(points);
    sizes = new int[sorted.size()];
    millis = new double[sorted.size()];
    int i = 0;
    for (Map.Entry<Integer, Double> e : sorted.entrySet()) {
      if (e.getKey() < 1 || !(e.getValue() > 0)) {
        throw new IllegalArgumentException("cost curve point " + e.getKey() + " -> " + e.getValue()
            + " ms: batch sizes must be >= 1 and times > 0");
      }
      sizes[i] = e.getKey();
      millis[i++] = e.getValue();
    }
  }

  /** Milliseconds for one call of {@code size} items. */
  public double millis(int size) {
    if (size <= sizes[0]) {
      return millis[0];
    }
    int last = sizes.length - 1;
    for (int i = 1; i <= last; i++) {
      if (size <= sizes[i]) {
        double t = (double) (size - sizes[i - 1]) / (sizes[i] - sizes[i - 1]);
        return millis[i - 1] + t * (millis[i] - millis[i - 1]);
      }
    }
    double slope = last == 0 ? millis[0] / sizes[0]
        : (millis[last] - millis[last - 1]) / (sizes[last] - sizes[last - 1]);
    return millis[last] + slope * (size - sizes[last]);
  }
}
