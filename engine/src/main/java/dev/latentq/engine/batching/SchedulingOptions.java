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
 * @param maxPreemptions step admission: how often one running job may give its place to a higher-priority job that
 *     cannot join the full batch (it resumes later where it stopped); 0 turns preemption off
 * @param maxStepLatency the batch stops growing when the U-Net's cost estimate says the next job would make a step
 *     take longer (zero: no budget; models without a cost estimate are not limited)
 */
public record SchedulingOptions(String admission, Duration maxQueueDelay, int maxDecodeBatch, Duration maxDecodeDelay,
    boolean batchTextEncoding, int maxPreemptions, Duration maxStepLatency) {
  /**
   * Step admission, 100 ms queue delay (request only), decode at once in calls of up to 4 images, batched text,
   * at most 2 preemptions per job.
   */
  public static final SchedulingOptions DEFAULTS = new SchedulingOptions(AdmissionPolicy.STEP,
      Duration.ofMillis(100), 4, Duration.ZERO, true, 2, Duration.ZERO);

  /**
   * The behaviour before batched decoding, text encoding and preemption: decode at once, 4 images per call, text
   * per job, priority only orders the queue.
   */
  public static final SchedulingOptions UNBATCHED = new SchedulingOptions(AdmissionPolicy.STEP,
      Duration.ofMillis(100), 4, Duration.ZERO, false, 0, Duration.ZERO);

  public SchedulingOptions {
    Objects.requireNonNull(admission, "admission");
    AdmissionPolicy.named(admission, maxQueueDelay);
    if (maxQueueDelay.isNegative() || maxDecodeDelay.isNegative() || maxStepLatency.isNegative()) {
      throw new IllegalArgumentException("maxQueueDelay, maxDecodeDelay and maxStepLatency must be zero or positive,"
          + " got " + maxQueueDelay + ", " + maxDecodeDelay + " and " + maxStepLatency);
    }
    if (maxPreemptions < 0) {
      throw new IllegalArgumentException("maxPreemptions must be zero (no preemption) or positive, got "
          + maxPreemptions);
    }
    if (maxDecodeBatch < 1) {
      throw new IllegalArgumentException("maxDecodeBatch must be at least 1 image per VAE call, got " + maxDecodeBatch);
    }
  }

  public SchedulingOptions withAdmission(String name) {
    return new SchedulingOptions(name, maxQueueDelay, maxDecodeBatch, maxDecodeDelay, batchTextEncoding,
        maxPreemptions, maxStepLatency);
  }

  public SchedulingOptions withMaxQueueDelay(Duration delay) {
    return new SchedulingOptions(admission, delay, maxDecodeBatch, maxDecodeDelay, batchTextEncoding,
        maxPreemptions, maxStepLatency);
  }

  /** Decoding in calls of up to {@code images}, waiting at most {@code delay} for them while jobs queue. */
  public SchedulingOptions withDecodeBatching(int images, Duration delay) {
    return new SchedulingOptions(admission, maxQueueDelay, images, delay, batchTextEncoding,
        maxPreemptions, maxStepLatency);
  }

  /** Preemption bounded to {@code times} per job (0: off). */
  public SchedulingOptions withMaxPreemptions(int times) {
    return new SchedulingOptions(admission, maxQueueDelay, maxDecodeBatch, maxDecodeDelay, batchTextEncoding,
        times, maxStepLatency);
  }

  /** A step latency budget (zero: none). */
  public SchedulingOptions withMaxStepLatency(Duration budget) {
    return new SchedulingOptions(admission, maxQueueDelay, maxDecodeBatch, maxDecodeDelay, batchTextEncoding,
        maxPreemptions, budget);
  }

  public SchedulingOptions withBatchTextEncoding(boolean batch) {
    return new SchedulingOptions(admission, maxQueueDelay, maxDecodeBatch, maxDecodeDelay, batch,
        maxPreemptions, maxStepLatency);
  }
}
