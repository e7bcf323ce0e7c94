package dev.latentq.worker.service;

import dev.latentq.engine.batching.EngineJob;
import dev.latentq.engine.batching.EngineListener;

/**
 * The engine starts before the intake verticle that listens to it exists; this forwards to the listener once it
 * is set (reports before that are dropped: no job can be running yet).
 */
final class DeferredEngineListener implements EngineListener {
  private volatile EngineListener target = EngineListener.NONE;

  void set(EngineListener listener) {
    this.target = listener;
  }

  @Override
  public void started(EngineJob job) {
    target.started(job);
  }

  @Override
  public void progress(EngineJob job, int step, int totalSteps) {
    target.progress(job, step, totalSteps);
  }

  @Override
  public void stepped(StepStats stats) {
    target.stepped(stats);
  }
}
