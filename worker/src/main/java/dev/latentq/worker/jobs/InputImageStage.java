package dev.latentq.worker.jobs;

import dev.latentq.engine.image.InitImageReader;
import dev.latentq.engine.image.MaskImage;
import dev.latentq.engine.image.RgbImage;
import dev.latentq.engine.pipeline.GenerationRequest;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.ObjectRef;
import dev.latentq.worker.storage.ImageStore;
import dev.latentq.worker.storage.StorageException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a job's init image and inpainting mask from the store, both at once, and decodes them on a worker thread.
 * Both must have the job's size: init images are never resampled (resizing would have to match PIL's Lanczos pixel
 * for pixel).
 */
final class InputImageStage implements JobStage<Void, InputImages> {
  private static final Logger LOG = LoggerFactory.getLogger(InputImageStage.class);

  private final Vertx vertx;
  private final ImageStore store;
  private final long maxPixels;

  /** @param maxPixels most pixels an init image or mask may declare (limits.maxInitImagePixels) */
  InputImageStage(Vertx vertx, ImageStore store, long maxPixels) {
    this.vertx = vertx;
    this.store = store;
    this.maxPixels = maxPixels;
  }

  @Override
  public Future<InputImages> apply(ResolvedJob job, Void none) {
    Future<RgbImage> init = job.initImage() == null ? Future.succeededFuture(null) : initImage(job);
    Future<MaskImage> mask = job.mask() == null ? Future.succeededFuture(null) : mask(job);
    return Future.all(init, mask).map(read -> new InputImages(init.result(), mask.result()));
  }

  private Future<RgbImage> initImage(ResolvedJob job) {
    GenerationRequest r = job.request();
    String where = location(job.initImage());
    return read(job, job.initImage(), "init image", bytes -> InitImageReader.decode(bytes, where, maxPixels),
        "it must be a PNG or JPEG of at most " + maxPixels + " pixels that this worker may read;"
            + " upload one there, or drop initImage")
        .compose(image -> {
          if (image.width() == r.width() && image.height() == r.height()) {
            return Future.succeededFuture(image);
          }
          // The message does not echo the image's size (jobs learn nothing about what a bucket holds); the log does.
          LOG.info("job {}: init image {} is {}x{}, the job asks for {}x{}", job.job().id(), where, image.width(),
              image.height(), r.width(), r.height());
          return Future.failedFuture(new JobFailedException(FailureCode.INIT_IMAGE_UNAVAILABLE, "init image "
              + where + " does not have the job's size " + r.width() + "x" + r.height() + " (width and height"
              + " default to the model's size): send width and height equal to the image's size, or upload the"
              + " image resized to " + r.width() + "x" + r.height(), null));
        });
  }

  /** Read like the init image (same store, grants, pixel limit and uniform message); it must have its size too. */
  private Future<MaskImage> mask(ResolvedJob job) {
    GenerationRequest r = job.request();
    String where = location(job.mask());
    return read(job, job.mask(), "mask", bytes -> InitImageReader.decodeMask(bytes, where, maxPixels),
        "it must be a PNG or JPEG (8-bit grey, or colour converted to luma) of at most " + maxPixels
            + " pixels that this worker may read; upload one there, or drop mask")
        .compose(mask -> mask.width() == r.width() && mask.height() == r.height() ? Future.succeededFuture(mask)
            : Future.failedFuture(new JobFailedException(FailureCode.INIT_IMAGE_UNAVAILABLE, "mask " + where
                + " does not have the init image's size: upload a mask of the same size as the init image", null)));
  }

  /** Fetches an object and decodes it off the event loop; any failure reads as {@link #unreadable}. */
  private <T> Future<T> read(ResolvedJob job, ObjectRef ref, String what, Decoder<T> decoder, String fix) {
    String where = location(ref);
    return store.get(ref.bucket(), ref.key())
        .compose(bytes -> vertx.executeBlocking(() -> decoder.decode(bytes), false))
        .recover(e -> Future.failedFuture(unreadable(job.job().id(), what, where, e, fix)));
  }

  /**
   * The job's view of an init image or mask failure. Whoever may produce jobs must not learn which objects exist,
   * how big they are or what they hold, so every permanent failure reads the same; the log keeps the cause for the
   * operator. An unreachable store stays retryable.
   */
  private static JobFailedException unreadable(String jobId, String what, String where, Throwable cause,
      String fix) {
    if (cause instanceof StorageException storage && storage.isTransient()) {
      return new JobFailedException(FailureCode.STORAGE_UNAVAILABLE, "could not read the " + what + " " + where
          + ": object storage is unavailable; retry later", cause);
    }
    LOG.info("job {}: {} {} unusable: {}", jobId, what, where, cause.toString());
    return new JobFailedException(FailureCode.INIT_IMAGE_UNAVAILABLE, what + " " + where + " was not found"
        + " or is not readable: " + fix, cause);
  }

  private static String location(ObjectRef ref) {
    return "s3://" + ref.bucket() + "/" + ref.key();
  }

  @FunctionalInterface
  private interface Decoder<T> {
    T decode(byte[] bytes) throws Exception;
  }
}
