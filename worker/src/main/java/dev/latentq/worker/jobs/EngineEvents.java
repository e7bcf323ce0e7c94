package dev.latentq.worker.jobs;

import dev.latentq.engine.batching.EngineJob;
import dev.latentq.engine.batching.EngineListener;
import dev.latentq.protocol.job.Job;
import dev.latentq.worker.events.EventPublisher;
import dev.latentq.worker.events.ProgressThrottle;
import io.vertx.core.Context;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's listener in the worker, built before the engine: turns the engine's reports into started and
 * (throttled) progress events for the jobs the pipeline handed in, and tells the {@link JobObserver} of each step
 * (for metrics). The engine thread only hands each report to this object's Vert.x context, as the listener contract
 * asks. The job's outcome travels on the engine's future, not here. Thread-safe.
 */
public final class EngineEvents implements EngineListener {
  private final Context context;
  private final EventPublisher events;
  private final ProgressThrottle throttle;
  private final JobObserver observer;
  private final JobEvents jobEvents;
  private final Map<String, Job> inEngine = new ConcurrentHashMap<>();

  /** @param context where reports are handled, e.g. {@code vertx.getOrCreateContext()} */
  public EngineEvents(Context context, EventPublisher events, ProgressThrottle throttle, JobObserver observer,
      String workerId, Clock clock) {
    this.context = context;
    this.events = events;
    this.throttle = throttle;
    this.observer = observer;
    this.jobEvents = new JobEvents(workerId, clock);
  }

  /** The job is about to enter the engine: report on it. */
  void track(Job job) {
    inEngine.put(job.id(), job);
  }

  /**
   * The job left the engine: report on it no more. Runs on the reports' context, after every report the engine
   * made before the job's outcome, so that a started event still queued there is not lost to a fast outcome.
   */
  void forget(String jobId) {
    context.runOnContext(v -> {
      inEngine.remove(jobId);
      throttle.forget(jobId);
    });
  }

  @Override
  public void started(EngineJob job) {
    context.runOnContext(v -> {
      Job wire = inEngine.get(job.id());
      if (wire != null) {
        events.publishUnawaited(jobEvents.started(wire));
      }
    });
  }

  @Override
  public void progress(EngineJob job, int step, int totalSteps) {
    context.runOnContext(v -> {
      if (inEngine.containsKey(job.id()) && throttle.shouldPublish(job.id(), step, totalSteps)) {
        events.publishUnawaited(jobEvents.progress(job.id(), step, totalSteps));
      }
    });
  }

  @Override
  public void stepped(StepStats stats) {
    context.runOnContext(v -> observer.stepped(stats));
  }
}
