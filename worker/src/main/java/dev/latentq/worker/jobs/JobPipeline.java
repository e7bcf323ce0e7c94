package dev.latentq.worker.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentq.engine.batching.BatchEngine;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.Job;
import dev.latentq.worker.events.EventPublisher;
import dev.latentq.worker.loras.LoraFetcher;
import dev.latentq.worker.storage.ImageStore;
import dev.latentq.worker.storage.PngWriter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.function.Function;

/**
 * A job's life after intake, as a chain of single-purpose {@link JobStage}s: id claim, input images, LoRA check,
 * engine, store, publish; a failure anywhere goes to {@link FailureSettlement}, which asks the
 * {@link FailurePolicy}. The returned future completes when the terminal event is acknowledged (the record's offset
 * may then be committed) or when the worker let go of the job. Runs on the intake verticle's context; the engine's
 * reports on running jobs go to {@link EngineEvents}, outcomes to the {@link JobObserver}.
 */
public final class JobPipeline {
  private final ClaimStage claim;
  private final InputImageStage inputs;
  private final LoraStage loras;
  private final EngineStage engine;
  private final StoreStage store;
  private final PublishStage publish;
  private final FailureSettlement settlement;

  /**
   * The collaborators of a pipeline.
   *
   * @param observer told each job's outcome, e.g. {@code new JobMetricsRecorder(metrics)}
   * @param maxInitImagePixels most pixels an init image may declare (limits.maxInitImagePixels)
   * @param loraFetcher brings the LoRAs jobs name from the worker's LoRA bucket into the local cache
   */
  public record Parts(Vertx vertx, Context context, BatchEngine engine, ImageStore store, PngWriter png,
      EventPublisher events, EngineEvents engineEvents, JobObserver observer, String workerId, String version,
      Clock clock, long maxInitImagePixels, LoraFetcher loraFetcher) {

    /** Parts for a worker without a LoRA bucket. */
    public Parts(Vertx vertx, Context context, BatchEngine engine, ImageStore store, PngWriter png,
        EventPublisher events, EngineEvents engineEvents, JobObserver observer, String workerId, String version,
        Clock clock, long maxInitImagePixels) {
      this(vertx, context, engine, store, png, events, engineEvents, observer, workerId, version, clock,
          maxInitImagePixels, LoraFetcher.none());
    }
  }

  public JobPipeline(Parts parts) {
    BatchEngine batchEngine = parts.engine();
    this.claim = new ClaimStage(parts.store());
    this.inputs = new InputImageStage(parts.vertx(), parts.store(), parts.maxInitImagePixels());
    this.loras = new LoraStage(parts.vertx(), model -> batchEngine.pool().loaded(model), parts.loraFetcher());
    this.engine = new EngineStage(parts.context(), batchEngine::submit, parts.engineEvents());
    this.store = new StoreStage(parts.store(), parts.png(), parts.version());
    this.publish = new PublishStage(parts.events(), new JobEvents(parts.workerId(), parts.clock()), parts.observer());
    this.settlement = new FailureSettlement(publish, FailurePolicy.DEFAULT);
  }

  /** Runs a resolved job to its terminal event. */
  public Future<Disposition> run(ResolvedJob job) {
    publish.accepted(job.job());
    return claim.apply(job, null)
        .compose(next(job, inputs))
        .compose(next(job, loras))
        .compose(next(job, engine))
        .compose(next(job, store))
        .compose(next(job, publish), failure -> settlement.settle(job.job(), failure))
        .andThen(settled -> loras.release(job));
  }

  /** Jobs whose images are being encoded or uploaded (including uploads waiting to retry). Any thread. */
  public int storing() {
    return store.storing();
  }

  /** Runs on the intake context whenever {@link #storing()} changes (intake's flow control counts it apart). */
  public void onStoringChanged(Runnable action) {
    store.onStoringChanged(action);
  }

  /** Publishes a job's failure (also for jobs rejected at intake, whose model may be unknown). */
  public Future<Void> publishFailure(String jobId, String model, ObjectNode metadata, FailureCode code,
      String message) {
    return publish.failed(jobId, model, metadata, code, message);
  }

  /** Publishes a cancellation for a job canceled before it reached the engine. */
  public Future<Void> publishCanceled(Job job, String reason) {
    return publish.canceled(job, reason);
  }

  private static <I, O> Function<I, Future<O>> next(ResolvedJob job, JobStage<I, O> stage) {
    return input -> stage.apply(job, input);
  }
}
