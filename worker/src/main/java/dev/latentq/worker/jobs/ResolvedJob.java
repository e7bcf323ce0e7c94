package dev.latentq.worker.jobs;

import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.ObjectRef;
import dev.latentq.engine.batching.EngineJob;
import dev.latentq.engine.image.MaskImage;
import dev.latentq.engine.image.RgbImage;
import dev.latentq.engine.pipeline.GenerationRequest;
import java.time.Instant;

/**
 * A job checked against this worker's models and limits, with every default applied, ready for the engine once
 * its init image (if any) is fetched.
 *
 * @param request the request for text-to-image, or the img2img request minus its init image
 * @param strength img2img strength (applies once the init image is attached)
 * @param initImage nullable: where the img2img start image is
 * @param mask nullable: where the inpainting mask is (only with {@code initImage})
 * @param bucket the output bucket
 * @param keyPrefix prefix of the output keys ({@code {keyPrefix}{jobId}/{index}.png})
 * @param acceptedNanos when intake accepted the job ({@link System#nanoTime()})
 * @param producedAt nullable: when the job's record was produced (its timestamp), which decides whether a cancel
 *     applies to it
 */
public record ResolvedJob(Job job, GenerationRequest request, double strength, ObjectRef initImage, ObjectRef mask,
    String bucket, String keyPrefix, long acceptedNanos, Instant producedAt) {

  /** A job whose production time is unknown. */
  public ResolvedJob(Job job, GenerationRequest request, double strength, ObjectRef initImage, ObjectRef mask,
      String bucket, String keyPrefix, long acceptedNanos) {
    this(job, request, strength, initImage, mask, bucket, keyPrefix, acceptedNanos, null);
  }

  /** This job produced at {@code producedAt} (null when unknown). */
  public ResolvedJob withProducedAt(Instant producedAt) {
    return new ResolvedJob(job, request, strength, initImage, mask, bucket, keyPrefix, acceptedNanos, producedAt);
  }

  /** The object key of image {@code index}: deterministic, so a redelivered job overwrites identical bytes. */
  public String key(int index) {
    return keyPrefix + job.id() + "/" + index + ".png";
  }

  /** What identifies this job's output under its id ({@link JobFingerprint}). */
  public String fingerprint() {
    return JobFingerprint.of(this);
  }

  /** The engine's view of the job, given its init image (null for text-to-image) and mask (null for none). */
  public EngineJob engineJob(RgbImage init, MaskImage mask) {
    GenerationRequest resolved = init == null ? request
        : request.toBuilder().initImage(init, strength).mask(mask).build();
    return EngineJob.of(job.id(), job.model(), resolved).withPriority(job.priority() == null ? 0 : job.priority())
        .withDeadline(job.deadline()).withAcceptedNanos(acceptedNanos).withProducedAt(producedAt);
  }
}
