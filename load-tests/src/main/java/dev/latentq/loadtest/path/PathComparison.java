package dev.latentq.loadtest.path;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Pairs of engine-alone and whole-path runs taken one after the other, so that each pair's ratio holds even when the
 * machine's speed drifts between pairs. Both sides are reduced to {@link BurstTimes}, and each pair's figure is the
 * median of its bursts.
 */
public final class PathComparison {
  private final List<Pair> pairs = new ArrayList<>();

  /** One engine-alone run and the whole-path run after it. */
  public record Pair(List<BurstTimes> engine, List<BurstTimes> path) {
    public Pair {
      engine = List.copyOf(engine);
      path = List.copyOf(path);
      if (engine.isEmpty() || path.isEmpty()) {
        throw new IllegalArgumentException("a pair needs bursts on both sides");
      }
    }

    public double engineRate(ToDoubleFunction<BurstTimes> measure) {
      return median(engine.stream().mapToDouble(measure).toArray());
    }

    public double pathRate(ToDoubleFunction<BurstTimes> measure) {
      return median(path.stream().mapToDouble(measure).toArray());
    }

    public double engineCpuMsPerImage() {
      return median(engine.stream().mapToDouble(BurstTimes::cpuMsPerImage).toArray());
    }

    public double pathCpuMsPerImage() {
      return median(path.stream().mapToDouble(BurstTimes::cpuMsPerImage).toArray());
    }

    /** The engine alone's CPU per image ÷ the worker's: the throughput ratio if each had its cores to itself. */
    public double cpuRatio() {
      return engineCpuMsPerImage() / pathCpuMsPerImage();
    }

    /** Whole path ÷ engine alone. */
    public double ratio(ToDoubleFunction<BurstTimes> measure) {
      return pathRate(measure) / engineRate(measure);
    }
  }

  public void add(Pair pair) {
    pairs.add(pair);
  }

  public List<Pair> pairs() {
    return List.copyOf(pairs);
  }

  /** The median of the pairs' ratios. */
  public double medianRatio(ToDoubleFunction<BurstTimes> measure) {
    return median(pairs.stream().mapToDouble(p -> p.ratio(measure)).toArray());
  }

  /** A Markdown table, one row per pair, then the median and range of the ratios for both measures. */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| Pair | Engine alone, whole burst | Whole path, whole burst | Ratio | Engine alone, steady |"
        + " Whole path, steady | Ratio | CPU ms per image, engine alone | CPU ms per image, worker | Ratio |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int i = 0; i < pairs.size(); i++) {
      Pair p = pairs.get(i);
      out.append(String.format(Locale.ROOT,
          "| %d | %.2f | %.2f | %.1f %% | %.2f | %.2f | %.1f %% | %.0f | %.0f | %.1f %% |%n", i + 1,
          p.engineRate(BurstTimes::wholeBurstRate), p.pathRate(BurstTimes::wholeBurstRate),
          100 * p.ratio(BurstTimes::wholeBurstRate), p.engineRate(BurstTimes::steadyRate),
          p.pathRate(BurstTimes::steadyRate), 100 * p.ratio(BurstTimes::steadyRate), p.engineCpuMsPerImage(),
          p.pathCpuMsPerImage(), 100 * p.cpuRatio()));
    }
    out.append(summary("whole path ÷ engine alone, whole burst", p -> p.ratio(BurstTimes::wholeBurstRate)));
    out.append(summary("whole path ÷ engine alone, steady window", p -> p.ratio(BurstTimes::steadyRate)));
    out.append(summary("engine alone's CPU per image ÷ worker's", Pair::cpuRatio));
    return out.toString();
  }

  private String summary(String name, ToDoubleFunction<Pair> ratio) {
    double[] ratios = pairs.stream().mapToDouble(ratio).toArray();
    return String.format(Locale.ROOT, "%s: median %.1f %% of %d pairs (range %.1f-%.1f %%)%n", name,
        100 * median(ratios), ratios.length, 100 * Arrays.stream(ratios).min().orElse(Double.NaN),
        100 * Arrays.stream(ratios).max().orElse(Double.NaN));
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
