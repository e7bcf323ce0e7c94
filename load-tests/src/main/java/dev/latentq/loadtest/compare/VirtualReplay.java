package dev.latentq.loadtest.compare;

import dev.latentq.engine.batching.EngineJob;
import dev.latentq.engine.batching.SchedulingOptions;
import dev.latentq.engine.batching.VirtualTimeRun;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.engine.simulation.AcceleratorMeter.Component;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.engine.simulation.SimulatedModel;
import dev.latentq.engine.simulation.VirtualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replays one arrival sequence through the engine's lane on the simulated accelerator in virtual time, with one
 * scheduling configuration, and summarises latency, throughput and accelerator busy time.
 */
final class VirtualReplay {
  private static final Instant ORIGIN = Instant.parse("2026-12-01T00:00:00Z");

  private final CostModel costs;
  private final int steps;

  VirtualReplay(CostModel costs, int steps) {
    this.costs = costs;
    this.steps = steps;
  }

  /** A guided 512x512 single-image SD 1.5 job, as the capacity runs send. */
  GenerationRequest request(DiffusionModel model, int n) {
    return model.request("a photograph of item " + n).size(512, 512).steps(steps).guidanceScale(7.5).seed(n).build();
  }

  /**
   * @param arrivalNanos arrival offsets, ascending
   * @param highPriority which arrivals (by index) carry priority 1 instead of 0; may be empty
   */
  Outcome run(long[] arrivalNanos, boolean[] highPriority, int maxBatchImages, SchedulingOptions scheduling) {
    VirtualClock clock = new VirtualClock(ORIGIN);
    DiffusionModel model = SimulatedModel.create("sd15-sim", costs, clock);
    try (model) {
      List<VirtualTimeRun.Arrival> arrivals = new ArrayList<>(arrivalNanos.length);
      for (int i = 0; i < arrivalNanos.length; i++) {
        EngineJob job = EngineJob.of("job-" + i, model.name(), request(model, i))
            .withPriority(highPriority.length > i && highPriority[i] ? 1 : 0);
        arrivals.add(new VirtualTimeRun.Arrival(arrivalNanos[i], job));
      }
      VirtualTimeRun.Result result = new VirtualTimeRun(model, clock, 2 * maxBatchImages, scheduling).run(arrivals);
      return new Outcome(result, clock.meter().busyNanos(), clock.meter().busyNanos(Component.UNET));
    } catch (Exception e) {
      throw new IllegalStateException("closing the simulated model failed", e);
    }
  }

  /** A replay's completions and the accelerator's busy time. */
  record Outcome(VirtualTimeRun.Result result, long busyNanos, long unetNanos) {
    /** Latency percentile in ms over the completions matching {@code priority} (null: all). */
    double percentile(double q, Integer priority) {
      double[] ms = result.completions().stream()
          .filter(c -> priority == null || c.job().priority() == priority)
          .mapToDouble(c -> (c.completedNanos() - c.arrivedNanos()) / 1e6).sorted().toArray();
      if (ms.length == 0) {
        return Double.NaN;
      }
      // Nearest rank, as HdrHistogram reports it in the Kafka runs.
      int rank = (int) Math.ceil(q * ms.length);
      return ms[Math.max(0, Math.min(ms.length - 1, rank - 1))];
    }

    double throughput() {
      return result.completions().size() / (result.endNanos() / 1e9);
    }

    double busyShare(long nanos) {
      return (double) nanos / result.endNanos();
    }

    PriorityPoint priorities(String label) {
      var completions = result.completions();
      int high = (int) completions.stream().filter(c -> c.job().priority() > 0).count();
      long lastLow = completions.stream().filter(c -> c.job().priority() == 0)
          .mapToLong(VirtualTimeRun.Completion::completedNanos).max().orElse(1);
      return new PriorityPoint(label, high, completions.size() - high, percentile(0.5, 1), percentile(0.95, 1),
          percentile(0.5, 0), percentile(0.95, 0), (completions.size() - high) / (lastLow / 1e9), throughput());
    }

    PolicyPoint point(String label, int maxBatch, double load, double offered) {
      return new PolicyPoint(label, maxBatch, load, offered, result.completions().size(), percentile(0.5, null),
          percentile(0.95, null), percentile(0.99, null), throughput(), busyShare(busyNanos), busyShare(unetNanos),
          tail());
    }

    /** Where the jobs at or above p95 spent their time. */
    PolicyPoint.Tail tail() {
      double p95 = percentile(0.95, null);
      var slow = result.completions().stream()
          .filter(c -> (c.completedNanos() - c.arrivedNanos()) / 1e6 >= p95).toList();
      return new PolicyPoint.Tail(
          slow.stream().mapToDouble(c -> (c.completedNanos() - c.arrivedNanos()) / 1e6).average().orElse(Double.NaN),
          slow.stream().mapToDouble(c -> c.queuedNanos() / 1e6).average().orElse(Double.NaN),
          slow.stream().mapToDouble(c -> c.decodeNanos() / 1e6).average().orElse(Double.NaN));
    }
  }

  static long[] sorted(long[] values) {
    long[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }
}
