package dev.latentq.engine.batching;

import java.time.Duration;
import java.util.Objects;

/**
 * How the engine schedules work on a model's accelerator, besides the batch limit.
 *
 * @param admission {@value AdmissionPolicy#STEP} (jobs join and leave the running batch at step boundaries) or
 *     {@value AdmissionPolicy#REQUEST} (a batch forms, runs all its steps, then the next one forms: Triton's
 *     dynamic batcher)
 * @param maxQueueDelay request admission only: how long the oldest queued job waits for a full batch before a
 *     partial one starts
 * @param maxDecodeBatch most images per VAE decoder call
 * @param maxDecodeDelay how long finished images may wait for more to fill a VAE call while other jobs are queued
 *     (the accelerator is the bottleneck); zero decodes each step's finished images at once
 * @param batchTextEncoding encode the prompts of jobs joining at the same step in one text-encoder call (false:
 *     one call per job)
 */
public record SchedulingOptions(String admission, Duration maxQueueDelay, int maxDecodeBatch, Duration maxDecodeDelay,
    boolean batchTextEncoding) {
  /** Step admission, 100 ms queue delay (request only), decode at once in calls of up to 4 images, batched text. */
  public static final SchedulingOptions DEFAULTS = new SchedulingOptions(AdmissionPolicy.STEP,
      Duration.ofMillis(100), 4, Duration.ZERO, true);

  /** The behaviour before batched decoding and text encoding: decode at once, 4 images per call, text per job. */
  public static final SchedulingOptions UNBATCHED = new SchedulingOptions(AdmissionPolicy.STEP,
      Duration.ofMillis(100), 4, Duration.ZERO, false);

  public SchedulingOptions {
    Objects.requireNonNull(admission, "admission");
    AdmissionPolicy.named(admission, maxQueueDelay);
    if (maxQueueDelay.isNegative() || maxDecodeDelay.isNegative()) {
      throw new IllegalArgumentException("maxQueueDelay and maxDecodeDelay must be zero or positive, got "
          + maxQueueDelay + " and " + maxDecodeDelay);
    }
    if (maxDecodeBatch < 1) {
      throw new IllegalArgumentException("maxDecodeBatch must be at least 1 image per VAE call, got " + maxDecodeBatch);
    }
  }

  public SchedulingOptions withAdmission(String name) {
    return new SchedulingOptions(name, maxQueueDelay, maxDecodeBatch, maxDecodeDelay, batchTextEncoding);
  }

  public SchedulingOptions withMaxQueueDelay(Duration delay) {
    return new SchedulingOptions(admission, delay, maxDecodeBatch, maxDecodeDelay, batchTextEncoding);
  }

  /** Decoding in calls of up to {@code images}, waiting at most {@code delay} for them while jobs queue. */
  public SchedulingOptions withDecodeBatching(int images, Duration delay) {
    return new SchedulingOptions(admission, maxQueueDelay, images, delay, batchTextEncoding);
  }

  public SchedulingOptions withBatchTextEncoding(boolean batch) {
    return new SchedulingOptions(admission, maxQueueDelay, maxDecodeBatch, maxDecodeDelay, batch);
  }
}
