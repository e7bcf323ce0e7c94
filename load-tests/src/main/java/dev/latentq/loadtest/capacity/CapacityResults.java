package dev.latentq.loadtest.capacity;

import dev.latentq.loadtest.report.RunSummary;
import java.util.List;
import java.util.Map;

/**
 * Everything the capacity sweeps measured.
 *
 * @param batches one load sweep per maximum batch
 * @param workers one saturating run per worker count
 */
public record CapacityResults(CapacityRunner.Plan plan, CostModelFile costs, List<BatchSweep> batches,
    List<WorkerPoint> workers) {

  /**
   * One maximum batch size under increasing load.
   *
   * @param capacity images/s the cost model allows at this batch size (text encoding and decoding included)
   * @param unetBound images/s if only the U-Net cost time
   * @param lone jobs arriving one at a time: the baseline latency
   * @param loads the runs by offered load (fraction of {@code capacity})
   */
  public record BatchSweep(int batch, double capacity, double unetBound, RunSummary lone,
      Map<Double, LoadPoint> loads) {
    /** Median latency of a job that has the accelerator to itself, in ms. */
    public double loneLatencyMs() {
      return lone.overall().latencyMs() == null ? Double.NaN : lone.overall().latencyMs().p50();
    }
  }

  /** One offered load: the run and the worker's own metrics during it. */
  public record LoadPoint(double load, RunSummary summary, MetricsProbe.Reading metrics) {
    public double imagesPerSecond() {
      return summary.throughput().imagesPerSecond();
    }

    public double p95Ms() {
      return summary.overall().latencyMs() == null ? Double.NaN : summary.overall().latencyMs().p95();
    }
  }

  /** A group of worker processes under saturating load. */
  public record WorkerPoint(int workers, double offeredImagesPerSecond, RunSummary summary) {
    public double imagesPerSecond() {
      return summary.throughput().imagesPerSecond();
    }
  }
}
