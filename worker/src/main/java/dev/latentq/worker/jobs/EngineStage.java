package dev.latentq.worker.jobs;

import dev.latentq.engine.batching.EngineJob;
import dev.latentq.engine.batching.JobImages;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Hands the job, with its input images, to the engine and completes, on the pipeline's context, when the engine
 * reports its outcome: its images, or a {@code JobOutcomeException} (failed, canceled, abandoned). While the job is
 * in the engine, {@link EngineEvents} reports its start and progress.
 */
final class EngineStage implements JobStage<InputImages, JobImages> {
  private final Context context;
  private final Function<EngineJob, ? extends CompletionStage<JobImages>> engine;
  private final EngineEvents engineEvents;

  /**
   * @param context where the outcome is delivered (the engine completes it on its own thread)
   * @param engine submits a job to the engine, e.g. {@code batchEngine::submit}
   */
  EngineStage(Context context, Function<EngineJob, ? extends CompletionStage<JobImages>> engine,
      EngineEvents engineEvents) {
    this.context = context;
    this.engine = engine;
    this.engineEvents = engineEvents;
  }

  @Override
  public Future<JobImages> apply(ResolvedJob job, InputImages inputs) {
    EngineJob engineJob = job.engineJob(inputs.init(), inputs.mask());
    engineEvents.track(job.job());
    return Future.fromCompletionStage(engine.apply(engineJob), context)
        .eventually(() -> {
          engineEvents.forget(job.job().id());
          return Future.succeededFuture();
        });
  }
}
