package dev.latentq.worker.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.event.GeneratedImage;
import dev.latentq.protocol.event.JobEvent;
import dev.latentq.protocol.event.Timings;
import dev.latentq.protocol.job.Job;
import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.batching.BatchEngine;
import dev.latentq.engine.batching.JobImages;
import dev.latentq.engine.batching.JobOutcomeException;
import dev.latentq.worker.config.JobLimits;
import dev.latentq.worker.events.EventPublisher;
import dev.latentq.engine.image.InitImageReader;
import dev.latentq.engine.image.MaskImage;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's life after intake, as one Future chain: accepted event, init image, engine, PNG encoding, upload,
 * terminal event. The returned future completes when the terminal event is acknowledged (the record's offset
 * may then be committed) or when the worker let go of the job. Runs on the intake verticle's context; the
 * engine's reports on running jobs go to {@link EngineEvents}.
 */
public final class JobPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(JobPipeline.class);

  private final Vertx vertx;
  private final Context context;
  private final BatchEngine engine;
  private final ImageStore store;
  private final PngWriter png;
  private final EventPublisher events;
  private final EngineEvents engineEvents;
  private final JobEvents jobEvents;
  private final WorkerMetrics metrics;
  private final String version;
  private final long maxInitImagePixels;
  // On the intake context only; volatile so metrics may read it.
  private volatile int storing;
  private Runnable storingChanged = () -> { };

  /**
   * The collaborators of a pipeline.
   *
   * @param maxInitImagePixels most pixels an init image may declare (limits.maxInitImagePixels)
   */
  public record Parts(Vertx vertx, Context context, BatchEngine engine, ImageStore store, PngWriter png,
      EventPublisher events, EngineEvents engineEvents, WorkerMetrics metrics, String workerId, String version,
      Clock clock, long maxInitImagePixels) {

    /** Parts with the default init image limit. */
    public Parts(Vertx vertx, Context context, BatchEngine engine, ImageStore store, PngWriter png,
        EventPublisher events, EngineEvents engineEvents, WorkerMetrics metrics, String workerId, String version,
        Clock clock) {
      this(vertx, context, engine, store, png, events, engineEvents, metrics, workerId, version, clock,
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
    this.engineEvents = parts.engineEvents();
    this.metrics = parts.metrics();
    this.version = parts.version();
    this.jobEvents = new JobEvents(parts.workerId(), parts.clock());
    this.maxInitImagePixels = parts.maxInitImagePixels();
  }

  /** Runs a resolved job to its terminal event. */
  public Future<Disposition> run(ResolvedJob job) {
    Job wire = job.job();
    publishProgressEvent(jobEvents.accepted(wire));
    String fingerprint = job.fingerprint();
    return claim(job, fingerprint)
        .compose(free -> {
          Future<RgbImage> init = initImage(job);
          Future<MaskImage> mask = mask(job);
          return Future.all(init, mask)
              .compose(read -> loras(job))
              .map(ready -> job.engineJob(init.result(), mask.result()));
        })
        .compose(engineJob -> {
          engineEvents.track(wire);
          return Future.fromCompletionStage(engine.submit(engineJob), context)
              .eventually(() -> {
                engineEvents.forget(wire.id());
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
    return events.publish(jobEvents.failed(jobId, code, message, metadata));
  }

  /** Publishes a cancellation for a job canceled before it reached the engine. */
  public Future<Void> publishCanceled(Job job, String reason) {
    metrics.jobCanceled(job.model());
    return events.publish(jobEvents.canceled(job, reason));
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
        .compose(bytes -> vertx.executeBlocking(() -> InitImageReader.decode(bytes, location, maxInitImagePixels),
            false))
        .recover(e -> Future.failedFuture(unreadable(job.job().id(), "init image", location, e,
            "it must be a PNG or JPEG of at most " + maxInitImagePixels + " pixels that this worker may read;"
                + " upload one there, or drop initImage")))
        .compose(image -> {
          if (image.width() == r.width() && image.height() == r.height()) {
            return Future.succeededFuture(image);
          }
          // init images are never resampled: resizing would have to match PIL's Lanczos pixel for pixel. The
          // message does not echo the image's size (jobs learn nothing about what a bucket holds); the log does.
          LOG.info("job {}: init image {} is {}x{}, the job asks for {}x{}", job.job().id(), location, image.width(),
              image.height(), r.width(), r.height());
          return Future.failedFuture(new JobFailedException(FailureCode.INIT_IMAGE_UNAVAILABLE, "init image "
              + location + " does not have the job's size " + r.width() + "x" + r.height() + " (width and height"
              + " default to the model's size): send width and height equal to the image's size, or upload the"
              + " image resized to " + r.width() + "x" + r.height(), null));
        });
  }

  /**
   * The job's view of an init image or mask failure. Whoever may produce jobs must not learn which objects exist,
   * how big they are or what they hold, so every permanent failure reads the same; the log keeps the cause for
   * the operator. An unreachable store stays retryable.
   */
  private static JobFailedException unreadable(String jobId, String what, String location, Throwable cause,
      String fix) {
    if (cause instanceof StorageException storage && storage.isTransient()) {
      return new JobFailedException(FailureCode.STORAGE_UNAVAILABLE, "could not read the " + what + " " + location
          + ": object storage is unavailable; retry later", cause);
    }
    LOG.info("job {}: {} {} unusable: {}", jobId, what, location, cause.toString());
    return new JobFailedException(FailureCode.INIT_IMAGE_UNAVAILABLE, what + " " + location + " was not found"
        + " or is not readable: " + fix, cause);
  }

  /**
   * The inpainting mask, read like the init image (same store, grants and header pixel limit, decoded off the
   * event loop, the same uniform message); it must have the job's size, which the init image has too.
   */
  private Future<MaskImage> mask(ResolvedJob job) {
    if (job.mask() == null) {
      return Future.succeededFuture(null);
    }
    String where = "s3://" + job.mask().bucket() + "/" + job.mask().key();
    GenerationRequest r = job.request();
    return store.get(job.mask().bucket(), job.mask().key())
        .compose(bytes -> vertx.executeBlocking(() -> InitImageReader.decodeMask(bytes, where, maxInitImagePixels),
            false))
        .recover(e -> Future.failedFuture(unreadable(job.job().id(), "mask", where, e,
            "it must be a PNG or JPEG (8-bit grey, or colour converted to luma) of at most " + maxInitImagePixels
                + " pixels that this worker may read; upload one there, or drop mask")))
        .compose(mask -> mask.width() == r.width() && mask.height() == r.height() ? Future.succeededFuture(mask)
            : Future.failedFuture(new JobFailedException(FailureCode.INIT_IMAGE_UNAVAILABLE, "mask " + where
                + " does not have the init image's size: upload a mask of the same size as the init image", null)));
  }

  /**
   * Builds (or finds) the model's variant for the job's LoRA set on a worker thread, so that a LoRA that does not fit
   * the model fails here and the engine thread never stalls building it.
   */
  private Future<Void> loras(ResolvedJob job) {
    LoraSet set = job.request().loras();
    DiffusionModel model = engine.models().get(job.job().model());
    if (set.isEmpty() || model == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> model.checkLoras(set), false).compose(problem -> problem.isEmpty()
        ? Future.succeededFuture()
        : Future.failedFuture(new JobFailedException(FailureCode.UNSUPPORTED_REQUEST, problem.get(), null)));
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
        return jobEvents.succeeded(job.job(), request, generated, timings);
      });
    });
  }

  private Future<Disposition> publishTerminal(JobEvent event) {
    metrics.jobSucceeded(((JobEvent.Succeeded) event).data().model());
    return events.publish(event).map(Disposition.FINISHED);
  }

  /**
   * Turns a failure anywhere in the chain into the job's terminal event, or an abandonment, as the failure policy
   * says.
   */
  private Future<Disposition> settle(Job job, Throwable failure) {
    if (failure instanceof JobOutcomeException outcome) {
      return switch (outcome.kind()) {
        case ABANDONED -> Future.succeededFuture(disposition(FailurePolicy.DEFAULT.onAbandoned()));
        case CANCELED -> publishCanceled(job, outcome.getMessage())
            .map(disposition(FailurePolicy.DEFAULT.onCanceled()));
        case FAILED -> fail(job, wireCode(outcome.reason()), outcome.getMessage());
      };
    }
    if (failure instanceof JobFailedException failed) {
      return fail(job, failed.code(), failed.getMessage());
    }
    if (failure instanceof StorageException storage) {
      return fail(job, FailureCode.STORAGE_UNAVAILABLE, "could not store the images: " + storage.getMessage());
    }
    LOG.error("job {} failed unexpectedly", job.id(), failure);
    return fail(job, FailureCode.INTERNAL_ERROR, "internal error: " + failure);
  }

  private Future<Disposition> fail(Job job, FailureCode code, String message) {
    return publishFailure(job.id(), job.model(), job.metadata(), code, message)
        .map(disposition(FailurePolicy.DEFAULT.onJobFailure(code)));
  }

  private static Disposition disposition(FailurePolicy.Strategy strategy) {
    return strategy == FailurePolicy.Strategy.REDELIVER ? Disposition.ABANDONED : Disposition.FINISHED;
  }

  /**
   * Publishes a non-terminal event without waiting for it: the job goes on if it cannot be delivered (only the
   * terminal event gates the offset commit), but the failure is logged.
   */
  private void publishProgressEvent(JobEvent event) {
    events.publish(event).onFailure(e -> LOG.warn("could not publish {} for job {}: {}", event.type(),
        event.jobId(), e.toString(), e));
  }

  private static FailureCode wireCode(JobOutcomeException.Reason reason) {
    return switch (reason) {
      case UNSUPPORTED_REQUEST -> FailureCode.UNSUPPORTED_REQUEST;
      case MODEL_ERROR -> FailureCode.MODEL_ERROR;
      case DEADLINE_EXCEEDED -> FailureCode.DEADLINE_EXCEEDED;
      case MODEL_UNAVAILABLE -> FailureCode.MODEL_UNAVAILABLE;
      case MODEL_LOAD_FAILED -> FailureCode.MODEL_LOAD_FAILED;
    };
  }

  private static long millis(long nanos) {
    return Math.round(nanos / 1e6);
  }
}
