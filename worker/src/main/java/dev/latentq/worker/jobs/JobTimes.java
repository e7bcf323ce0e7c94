package dev.latentq.worker.jobs;

import dev.latentq.protocol.event.Timings;

/**
 * Where a succeeded job's time went, in nanoseconds: the numbers its {@code succeeded} event carries (in
 * milliseconds) and its metrics record.
 *
 * @param queuedNanos from intake until the job joined a batch
 * @param denoiseNanos from joining a batch until its last step
 * @param decodeNanos VAE decoding plus PNG encoding
 * @param uploadNanos uploading every image, retries included
 * @param totalNanos from intake until the images were stored
 */
public record JobTimes(long queuedNanos, long denoiseNanos, long decodeNanos, long uploadNanos, long totalNanos) {

  /** The event's view, in whole milliseconds. */
  public Timings timings() {
    return new Timings(millis(queuedNanos), millis(denoiseNanos), millis(decodeNanos), millis(uploadNanos),
        millis(totalNanos));
  }

  private static long millis(long nanos) {
    return Math.round(nanos / 1e6);
  }
}
