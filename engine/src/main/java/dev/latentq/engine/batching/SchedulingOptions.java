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
 * @param priorityStepLatency step admission: while a job outranks another job of its lane (running or queued), the
 *     step time the lower-priority jobs may bring it to by the U-Net's cost estimate: they do not join past it and
 *     running ones give their places (within {@code maxPreemptions}), so the outranking jobs run in a small, fast
 *     batch; their finished images are decoded apart, and lower-priority ones wait (within {@code maxDecodeDelay})
 *     while outranking jobs denoise. Zero: priority only orders the queue and preempts for a place
 */
public record SchedulingOptions(String admission, Duration maxQueueDelay, int maxDecodeBatch, Duration maxDecodeDelay,
    boolean batchTextEncoding, int maxPreemptions, Duration maxStepLatency, Duration priorityStepLatency) {
  /**
   * Step admission, 100 ms queue delay (request only), decode at once in calls of up to 4 images, batched text,
   * at most 2 preemptions per job.
   */
  public static final SchedulingOptions DEFAULTS = new SchedulingOptions(AdmissionPolicy.STEP,
      Duration.ofMillis(100), 4, Duration.ZERO, true, 2, Duration.ZERO, Duration.ZERO);

  /**
   * The behaviour before batched decoding, text encoding and preemption: decode at once, 4 images per call, text
   * per job, priority only orders the queue.
   */
  public static final SchedulingOptions UNBATCHED = new SchedulingOptions(AdmissionPolicy.STEP,
      Duration.ofMillis(100), 4, Duration.ZERO, false, 0, Duration.ZERO, Duration.ZERO);

  public SchedulingOptions {
    Objects.requireNonNull(admission, "admission");
    AdmissionPolicy.named(admission, maxQueueDelay);
    if (maxQueueDelay.isNegative() || maxDecodeDelay.isNegative() || maxStepLatency.isNegative()
        || priorityStepLatency.isNegative()) {
      throw new IllegalArgumentException("maxQueueDelay, maxDecodeDelay, maxStepLatency and priorityStepLatency must be"
          + " zero or positive, got " + maxQueueDelay + ", " + maxDecodeDelay + ", " + maxStepLatency + " and "
          + priorityStepLatency);
    }
    if (maxPreemptions < 0) {
      throw new IllegalArgumentException("maxPreemptions must be zero (no preemption) or positive, got "
          + maxPreemptions);
    }
    if (maxDecodeBatch < 1) {
      throw new IllegalArgumentException("maxDecodeBatch must be at least 1 image per VAE call, got " + maxDecodeBatch);
    }
  }

  /** Without a priority step budget (the settings before it existed). */
  public SchedulingOptions(String admission, Duration maxQueueDelay, int maxDecodeBatch, Duration maxDecodeDelay,
      boolean batchTextEncoding, int maxPreemptions, Duration maxStepLatency) {
    this(admission, maxQueueDelay, maxDecodeBatch, maxDecodeDelay, batchTextEncoding, maxPreemptions, maxStepLatency,
        Duration.ZERO);
  }

  public SchedulingOptions withAdmission(String name) {
    return new SchedulingOptions(name, maxQueueDelay, maxDecodeBatch, maxDecodeDelay, batchTextEncoding,
        maxPreemptions, maxStepLatency, priorityStepLatency);
  }

  public SchedulingOptions withMaxQueueDelay(Duration delay) {
    return new SchedulingOptions(admission, delay, maxDecodeBatch, maxDecodeDelay, batchTextEncoding,
        maxPreemptions, maxStepLatency, priorityStepLatency);
  }

  /** Decoding in calls of up to {@code images}, waiting at most {@code delay} for them while jobs queue. */
  public SchedulingOptions withDecodeBatching(int images, Duration delay) {
    return new SchedulingOptions(admission, maxQueueDelay, images, delay, batchTextEncoding,
        maxPreemptions, maxStepLatency, priorityStepLatency);
  }

  /** Preemption bounded to {@code times} per job (0: off). */
  public SchedulingOptions withMaxPreemptions(int times) {
    return new SchedulingOptions(admission, maxQueueDelay, maxDecodeBatch, maxDecodeDelay, batchTextEncoding,
        times, maxStepLatency, priorityStepLatency);
  }

  /** A step latency budget (zero: none). */
  public SchedulingOptions withMaxStepLatency(Duration budget) {
    return new SchedulingOptions(admission, maxQueueDelay, maxDecodeBatch, maxDecodeDelay, batchTextEncoding,
        maxPreemptions, budget, priorityStepLatency);
  }

  public SchedulingOptions withBatchTextEncoding(boolean batch) {
    return new SchedulingOptions(admission, maxQueueDelay, maxDecodeBatch, maxDecodeDelay, batch,
        maxPreemptions, maxStepLatency, priorityStepLatency);
  }

  /** A step budget protecting outranking jobs (zero: none). */
  public SchedulingOptions withPriorityStepLatency(Duration budget) {
    return new SchedulingOptions(admission, maxQueueDelay, maxDecodeBatch, maxDecodeDelay, batchTextEncoding,
        maxPreemptions, maxStepLatency, budget);
  }
}
