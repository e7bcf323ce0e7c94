package dev.latentq.worker.metrics;

import dev.latentq.engine.batching.EngineListener.StepStats;
import dev.latentq.protocol.FailureCode;
import dev.latentq.worker.jobs.JobObserver;
import dev.latentq.worker.jobs.JobTimes;
import dev.latentq.worker.metrics.WorkerMetrics.JobPhase;

/**
 * Records what the pipeline and the engine's listener observe about jobs in the worker's metrics: outcome counters,
 * job phase, decode and upload timers, and the step, U-Net and busy-ratio series. Thread-safe, like the metrics.
 */
public final class JobMetricsRecorder implements JobObserver {
  private final WorkerMetrics metrics;

  public JobMetricsRecorder(WorkerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void succeeded(String model, JobTimes times) {
    metrics.recordUpload(times.uploadNanos());
    metrics.recordDecode(model, times.decodeNanos());
    metrics.recordJobTime(model, JobPhase.QUEUED, times.queuedNanos());
    metrics.recordJobTime(model, JobPhase.TOTAL, times.totalNanos());
    metrics.jobSucceeded(model);
  }

  @Override
  public void failed(String model, FailureCode code) {
    metrics.jobFailed(model, code);
  }

  @Override
  public void canceled(String model) {
    metrics.jobCanceled(model);
  }

  @Override
  public void stepped(StepStats stats) {
    metrics.recordStep(stats.model(), stats.stepNanos());
    metrics.recordUnetCalls(stats.model(), stats.unetCalls(), stats.rows(), stats.maxRowsPerCall(),
        stats.unetNanos());
    metrics.recordEngineBusy(stats.stepNanos());
  }
}
