package dev.latentq.worker.jobs;

import dev.latentq.engine.batching.EngineListener.StepStats;
import dev.latentq.protocol.FailureCode;

/**
 * What the pipeline and {@link EngineEvents} tell the outside about jobs, e.g. for metrics: each job's outcome as
 * its terminal event goes out, and each engine step. Called on Vert.x contexts, never on the engine thread;
 * implementations must be thread-safe (several intake contexts report at once) and must not block.
 */
public interface JobObserver {

  /** A job succeeded; {@code times} says where its time went. */
  void succeeded(String model, JobTimes times);

  /** A job failed, after intake or when intake rejected it. @param model nullable: unknown for unreadable records */
  void failed(String model, FailureCode code);

  /** A job was canceled. */
  void canceled(String model);

  /** The engine advanced one model's batch by one step. */
  void stepped(StepStats stats);

  /** An observer that ignores everything. */
  JobObserver NONE = new JobObserver() {
    @Override
    public void succeeded(String model, JobTimes times) {
    }

    @Override
    public void failed(String model, FailureCode code) {
    }

    @Override
    public void canceled(String model) {
    }

    @Override
    public void stepped(StepStats stats) {
    }
  };
}
