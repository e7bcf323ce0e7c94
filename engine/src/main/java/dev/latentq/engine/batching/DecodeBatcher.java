package dev.latentq.engine.batching;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Finished jobs waiting for the VAE. A VAE call of eight images costs far less than eight calls of one on a GPU
 * (17 against 29 ms per 512x512 image on the H100), so while other jobs queue — the accelerator is the bottleneck
 * — finished images may wait up to {@code maxDelay} for a full call of {@code maxDecodeBatch} images. When nothing
 * queues, or the U-Net batch is empty, waiting would only add latency, so they go at once; and since the wait serves
 * the queued jobs, a finished job of higher priority than every queued one never waits for them.
 *
 * <p>When priority is protected ({@code engine.priorityStepLatency}), a VAE call is one more pause for the
 * outranking jobs still denoising and a long call for an outranking finished one: so lower-priority images wait
 * (within the delay) while a higher-priority job denoises, and outranking finished jobs are decoded apart from
 * lower-priority ones. Engine thread only.
 */
final class DecodeBatcher {
  private final int maxDecodeBatch;
  private final Duration maxDelay;
  private final boolean protectPriority;
  private final List<ActiveJob> pending = new ArrayList<>();
  private Instant oldest;

  DecodeBatcher(int maxDecodeBatch, Duration maxDelay) {
    this(maxDecodeBatch, maxDelay, false);
  }

  DecodeBatcher(int maxDecodeBatch, Duration maxDelay, boolean protectPriority) {
    this.maxDecodeBatch = maxDecodeBatch;
    this.maxDelay = maxDelay;
    this.protectPriority = protectPriority;
  }

  int maxDecodeBatch() {
    return maxDecodeBatch;
  }

  /** Jobs whose every image finished denoising at {@code now}. */
  void add(List<ActiveJob> done, Instant now) {
    if (pending.isEmpty()) {
      oldest = now;
    }
    pending.addAll(done);
  }

  /** Forgets a job (canceled while waiting). */
  void remove(ActiveJob job) {
    pending.remove(job);
  }

  /**
   * The jobs to decode now, every pending one, or an empty list while waiting for more is worth it.
   *
   * @param unetBusy whether the U-Net batch still holds samples
   * @param topQueuedPriority the highest priority among jobs waiting to join the batch, null when none waits
   */
  List<ActiveJob> due(boolean unetBusy, Integer topQueuedPriority, Instant now) {
    return due(unetBusy, topQueuedPriority, null, now);
  }

  /**
   * As {@link #due(boolean, Integer, Instant)}; with priority protected, also {@code topDenoisingPriority}: the
   * highest priority among jobs still denoising, null when none.
   */
  List<ActiveJob> due(boolean unetBusy, Integer topQueuedPriority, Integer topDenoisingPriority, Instant now) {
    pending.removeIf(job -> job.result.isDone());
    if (pending.isEmpty()) {
      return List.of();
    }
    int images = 0;
    int top = Integer.MIN_VALUE;
    for (ActiveJob job : pending) {
      images += job.samples.size();
      top = Math.max(top, job.job.priority());
    }
    boolean outranksQueue = topQueuedPriority != null && top > topQueuedPriority;
    boolean mayWait = maxDelay.isPositive() && unetBusy && now.isBefore(oldest.plus(maxDelay));
    if (protectPriority && mayWait) {
      if (topDenoisingPriority != null && top < topDenoisingPriority) {
        return List.of();
      }
      if (outranksQueue) {
        int bar = topQueuedPriority;
        List<ActiveJob> due = pending.stream().filter(job -> job.job.priority() > bar).toList();
        pending.removeAll(due);
        return due;
      }
    }
    boolean wait = mayWait && topQueuedPriority != null && !outranksQueue && images < maxDecodeBatch;
    if (wait) {
      return List.of();
    }
    List<ActiveJob> due = List.copyOf(pending);
    pending.clear();
    return due;
  }
}
