package dev.latentq.worker.jobs;

import dev.latentq.protocol.FailureCode;
import dev.latentq.worker.storage.ImageStore;
import io.vertx.core.Future;

/**
 * Makes sure the job's id is free for it: no image stored under its first key, or one this very job wrote (a
 * redelivery rewrites the same images). A different job under a used id fails with {@code id_conflict} before it
 * runs, so earlier images are never overwritten and no second {@code succeeded} with other content appears.
 */
final class ClaimStage implements JobStage<Void, Void> {
  private final ImageStore store;

  ClaimStage(ImageStore store) {
    this.store = store;
  }

  @Override
  public Future<Void> apply(ResolvedJob job, Void none) {
    String key = job.key(0);
    return store.userMetadata(job.bucket(), key).compose(existing -> {
      if (existing.isEmpty() || job.fingerprint().equals(existing.get().get(JobFingerprint.METADATA_KEY))) {
        return Future.succeededFuture();
      }
      return Future.failedFuture(new JobFailedException(FailureCode.ID_CONFLICT, "job id '" + job.job().id()
          + "' was already used by a different job: s3://" + job.bucket() + "/" + key + " holds its images, which"
          + " are kept; submit this job under a new id", null));
    });
  }
}
