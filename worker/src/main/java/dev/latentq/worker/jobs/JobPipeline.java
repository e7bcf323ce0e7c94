package dev.latentq.worker.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.event.AcceptedData;
import dev.latentq.protocol.event.CanceledData;
import dev.latentq.protocol.event.FailedData;
import dev.latentq.protocol.event.GeneratedImage;
import dev.latentq.protocol.event.JobEvent;
import dev.latentq.protocol.event.ProgressData;
import dev.latentq.protocol.event.StartedData;
import dev.latentq.protocol.event.SucceededData;
import dev.latentq.protocol.event.Timings;
import dev.latentq.protocol.job.Job;
import dev.latentq.engine.batching.BatchEngine;
import dev.latentq.engine.batching.EngineJob;
import dev.latentq.engine.batching.EngineListener;
import dev.latentq.engine.batching.JobImages;
import dev.latentq.engine.batching.JobOutcomeException;
import dev.latentq.worker.config.JobLimits;
import dev.latentq.worker.events.EventPublisher;
import dev.latentq.worker.events.ProgressThrottle;
import dev.latentq.engine.image.ImageResizer;
import dev.latentq.engine.image.InitImageReader;
import dev.latentq.engine.image.RgbImage;
import dev.latentq.worker.metrics.WorkerMetrics;
import dev.latentq.worker.metrics.WorkerMetrics.JobPhase;
import dev.latentq.engine.pipeline.GenerationParameters;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.worker.storage.ImageStore;
import dev.latentq.worker.storage.PngWriter;
import dev.latentq.worker.storage.StorageException;
import dev.latentq.worker.storage.StoredObject;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's life after intake, as one Future chain: accepted event, init image, engine, PNG encoding, upload,
 * terminal event. The returned future completes when the terminal event is acknowledged (the record's offset
 * may then be committed) or when the worker let go of the job. Runs on the intake verticle's context; engine
 * callbacks are moved onto it.
 */
public final class JobPipeline implements EngineListener {
  private static final Logger LOG = LoggerFactory.getLogger(JobPipeline.class);

  private final Vertx vertx;
  private final Context context;
  private final BatchEngine engine;
  private final ImageStore store;
  private final PngWriter png;
  private final EventPublisher events;
  private final ProgressThrottle throttle;
  private final WorkerMetrics metrics;
  private final String workerId;
  private final String version;
  private final Clock clock;
  private final long maxInitImagePixels;
  private final Map<String, Job> inEngine = new ConcurrentHashMap<>();
  // On the intake context only; volatile so metrics may read it.
  private volatile int storing;
  private Runnable storingChanged = () -> { };

  /**
   * The collaborators of a pipeline.
   *
   * @param maxInitImagePixels most pixels an init image may declare (limits.maxInitImagePixels)
   */
  public record Parts(Vertx vertx, Context context, BatchEngine engine, ImageStore store, PngWriter png,
      EventPublisher events, ProgressThrottle throttle, WorkerMetrics metrics, String workerId, String version,
      Clock clock, long maxInitImagePixels) {

    /** Parts with the default init image limit. */
    public Parts(Vertx vertx, Context context, BatchEngine engine, ImageStore store, PngWriter png,
        EventPublisher events, ProgressThrottle throttle, WorkerMetrics metrics, String workerId, String version,
        Clock clock) {
      this(vertx, context, engine, store, png, events, throttle, metrics, workerId, version, clock,
          JobLimits.DEFAULT_MAX_INIT_IMAGE_PIXELS);
    }
  }

  public JobPipeline(Parts parts) {
    this.vertx = parts.vertx();
    this.context = parts.context();
    this.engine = parts.engine();
    this.store = parts.store();
    this.png = parts.png();
    this.events = parts.events();
    this.throttle = parts.throttle();
    this.metrics = parts.metrics();
    this.workerId = parts.workerId();
    this.version = parts.version();
    this.clock = parts.clock();
    this.maxInitImagePixels = parts.maxInitImagePixels();
  }

  /** Runs a resolved job to its terminal event. */
  public Future<Disposition> run(ResolvedJob job) {
    Job wire = job.job();
    publishProgressEvent(new JobEvent.Accepted(new AcceptedData(wire.id(), wire.model(), workerId, wire.metadata()),
        clock.instant()));
    String fingerprint = job.fingerprint();
    return claim(job, fingerprint)
        .compose(v -> initImage(job))
        .compose(init -> {
          inEngine.put(wire.id(), wire);
          return Future.fromCompletionStage(engine.submit(job.engineJob(init)), context)
              .eventually(() -> {
                inEngine.remove(wire.id());
                throttle.forget(wire.id());
                return Future.succeededFuture();
              });
        })
        .compose(images -> {
          storing++;
          storingChanged.run();
          return store(job, fingerprint, images).andThen(done -> {
            storing--;
            storingChanged.run();
          });
        })
        .compose(this::publishTerminal, failure -> settle(wire, failure));
  }

  /** Jobs whose images are being uploaded (including uploads waiting to retry). Any thread. */
  public int storing() {
    return storing;
  }

  /** Runs on the intake context whenever {@link #storing()} changes (intake's flow control counts it apart). */
  public void onStoringChanged(Runnable action) {
    this.storingChanged = action;
  }

  /** Publishes a job's failure (also for jobs rejected at intake, whose model may be unknown). */
  public Future<Void> publishFailure(String jobId, String model, ObjectNode metadata, FailureCode code,
      String message) {
    metrics.jobFailed(model, code);
    return events.publish(new JobEvent.Failed(FailedData.of(jobId, code, message, workerId, metadata),
        clock.instant()));
  }

  /** Publishes a cancellation for a job canceled before it reached the engine. */
  public Future<Void> publishCanceled(Job job, String reason) {
    metrics.jobCanceled(job.model());
    return events.publish(new JobEvent.Canceled(new CanceledData(job.id(), reason, workerId, job.metadata()),
        clock.instant()));
  }

  /**
   * Makes sure the job's id is free for it: no image stored under its first key, or one this very job wrote (a
   * redelivery rewrites the same images). A different job under a used id fails with {@code id_conflict} before
   * it runs, so earlier images are never overwritten and no second {@code succeeded} with other content appears.
   */
  private Future<Void> claim(ResolvedJob job, String fingerprint) {
    String key = job.key(0);
    return store.userMetadata(job.bucket(), key).compose(existing -> {
      if (existing.isEmpty() || fingerprint.equals(existing.get().get(JobFingerprint.METADATA_KEY))) {
        return Future.succeededFuture();
      }
      return Future.failedFuture(new JobFailedException(FailureCode.ID_CONFLICT, "job id '" + job.job().id()
          + "' was already used by a different job: s3://" + job.bucket() + "/" + key + " holds its images, which"
          + " are kept; submit this job under a new id", null));
    });
  }

  private Future<RgbImage> initImage(ResolvedJob job) {
    if (job.initImage() == null) {
      return Future.succeededFuture(null);
    }
    GenerationRequest r = job.request();
    String location = "s3://" + job.initImage().bucket() + "/" + job.initImage().key();
    return store.get(job.initImage().bucket(), job.initImage().key())
        .compose(bytes -> vertx.executeBlocking(() -> ImageResizer.resize(InitImageReader.decode(bytes, location,
            maxInitImagePixels), r.width(), r.height()), false))
        .recover(e -> Future.failedFuture(initImageFailure(job.job().id(), location, e)));
  }

  /**
   * The job's view of an init image failure. Whoever may produce jobs must not learn which objects exist, how big
   * they are or what they hold, so every permanent failure reads the same; the log keeps the cause for the
   * operator. An unreachable store stays retryable.
   */
  private JobFailedException initImageFailure(String jobId, String location, Throwable cause) {
    if (cause instanceof StorageException storage && storage.isTransient()) {
      return new JobFailedException(FailureCode.STORAGE_UNAVAILABLE, "could not read the init image " + location
          + ": object storage is unavailable; retry later", cause);
    }
    LOG.info("job {}: init image {} unusable: {}", jobId, location, cause.toString());
    return new JobFailedException(FailureCode.INIT_IMAGE_UNAVAILABLE, "init image " + location + " was not found"
        + " or is not readable: it must be a PNG or JPEG of at most " + maxInitImagePixels + " pixels that this"
        + " worker may read; upload one there, or drop initImage", cause);
  }

  /** Encodes and uploads every image, then builds the succeeded event. */
  private Future<JobEvent> store(ResolvedJob job, String fingerprint, JobImages images) {
    GenerationRequest request = images.job().request();
    long encodeStarted = System.nanoTime();
    List<Future<byte[]>> encoded = new ArrayList<>();
    for (int i = 0; i < images.images().size(); i++) {
      Map<String, String> text = new LinkedHashMap<>();
      text.put("parameters", GenerationParameters.describe(job.job().model(), request, i, version));
      encoded.add(png.encode(images.images().get(i), text));
    }
    return Future.all(encoded).compose(all -> {
      long encodeNanos = System.nanoTime() - encodeStarted;
      long uploadStarted = System.nanoTime();
      List<Future<StoredObject>> uploads = new ArrayList<>();
      for (int i = 0; i < encoded.size(); i++) {
        uploads.add(store.put(job.bucket(), job.key(i), all.<byte[]>resultAt(i), "image/png", Map.of(
            "job-id", job.job().id(), "model", job.job().model(), "seed", Long.toString(request.seed()),
            "index", Integer.toString(i), JobFingerprint.METADATA_KEY, fingerprint)));
      }
      return Future.all(uploads).map(stored -> {
        long uploadNanos = System.nanoTime() - uploadStarted;
        metrics.recordUpload(uploadNanos);
        metrics.recordDecode(job.job().model(), encodeNanos + images.decodeNanos());
        List<GeneratedImage> generated = new ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
          StoredObject object = stored.resultAt(i);
          generated.add(new GeneratedImage(i, object.bucket(), object.key(), object.bytes(), object.sha256(),
              request.seed(), request.width(), request.height()));
        }
        Timings timings = new Timings(millis(images.queuedNanos()), millis(images.denoiseNanos()),
            millis(images.decodeNanos() + encodeNanos), millis(uploadNanos),
            millis(System.nanoTime() - job.acceptedNanos()));
        metrics.recordJobTime(job.job().model(), JobPhase.QUEUED, images.queuedNanos());
        metrics.recordJobTime(job.job().model(), JobPhase.TOTAL, System.nanoTime() - job.acceptedNanos());
        return new JobEvent.Succeeded(new SucceededData(job.job().id(), job.job().model(), workerId, generated,
            timings, request.scheduler().wireName(), request.steps(), request.guidanceScale(),
            job.job().metadata()), clock.instant());
      });
    });
  }

  private Future<Disposition> publishTerminal(JobEvent event) {
    metrics.jobSucceeded(((JobEvent.Succeeded) event).data().model());
    return events.publish(event).map(Disposition.FINISHED);
  }

  /** Turns a failure anywhere in the chain into the job's terminal event (or an abandonment). */
  private Future<Disposition> settle(Job job, Throwable failure) {
    if (failure instanceof JobOutcomeException outcome) {
      return switch (outcome.kind()) {
        case ABANDONED -> Future.succeededFuture(Disposition.ABANDONED);
        case CANCELED -> publishCanceled(job, outcome.getMessage()).map(Disposition.FINISHED);
        case FAILED -> publishFailure(job.id(), job.model(), job.metadata(), wireCode(outcome.reason()),
            outcome.getMessage()).map(Disposition.FINISHED);
      };
    }
    if (failure instanceof JobFailedException failed) {
      return publishFailure(job.id(), job.model(), job.metadata(), failed.code(), failed.getMessage())
          .map(Disposition.FINISHED);
    }
    if (failure instanceof StorageException storage) {
      return publishFailure(job.id(), job.model(), job.metadata(), FailureCode.STORAGE_UNAVAILABLE,
          "could not store the images: " + storage.getMessage()).map(Disposition.FINISHED);
    }
    LOG.error("job {} failed unexpectedly", job.id(), failure);
    return publishFailure(job.id(), job.model(), job.metadata(), FailureCode.INTERNAL_ERROR,
        "internal error: " + failure).map(Disposition.FINISHED);
  }

  /**
   * Publishes a non-terminal event without waiting for it: the job goes on if it cannot be delivered (only the
   * terminal event gates the offset commit), but the failure is logged.
   */
  private void publishProgressEvent(JobEvent event) {
    events.publish(event).onFailure(e -> LOG.warn("could not publish {} for job {}: {}", event.type(),
        event.jobId(), e.toString()));
  }

  private static FailureCode wireCode(JobOutcomeException.Reason reason) {
    return switch (reason) {
      case UNSUPPORTED_REQUEST -> FailureCode.UNSUPPORTED_REQUEST;
      case MODEL_ERROR -> FailureCode.MODEL_ERROR;
      case DEADLINE_EXCEEDED -> FailureCode.DEADLINE_EXCEEDED;
    };
  }

  private static long millis(long nanos) {
    return Math.round(nanos / 1e6);
  }

  // Engine callbacks: engine thread, so hand off to the intake context.

  @Override
  public void started(EngineJob job) {
    context.runOnContext(v -> {
      Job wire = inEngine.get(job.id());
      if (wire != null) {
        publishProgressEvent(new JobEvent.Started(new StartedData(wire.id(), wire.model(), workerId,
            wire.metadata()), clock.instant()));
      }
    });
  }

  @Override
  public void progress(EngineJob job, int step, int totalSteps) {
    context.runOnContext(v -> {
      if (inEngine.containsKey(job.id()) && throttle.shouldPublish(job.id(), step, totalSteps)) {
        publishProgressEvent(new JobEvent.Progress(new ProgressData(job.id(), step, totalSteps), clock.instant()));
      }
    });
  }

  @Override
  public void stepped(StepStats stats) {
    metrics.recordStep(stats.model(), stats.stepNanos());
    metrics.recordUnetCalls(stats.model(), stats.unetCalls(), stats.rows(), stats.maxRowsPerCall(), stats.unetNanos());
    metrics.recordEngineBusy(stats.stepNanos());
  }
}
