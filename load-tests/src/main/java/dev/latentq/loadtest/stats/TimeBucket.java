package dev.latentq.loadtest.stats;

/**
 * What happened in one time slice of a run, by submission time for {@code submitted} and by terminal event time for
 * the rest.
 *
 * @param startSeconds start of the slice, in seconds after the run start
 * @param widthSeconds width of the slice
 * @param submitted jobs submitted in the slice
 * @param succeeded jobs that succeeded in the slice
 * @param failed jobs that failed or were canceled in the slice
 * @param images images of the jobs that succeeded in the slice
 * @param latencyMs nullable: latency of the jobs that succeeded in the slice
 */
public record TimeBucket(double startSeconds, double widthSeconds, long submitted, long succeeded, long failed,
    long images, LatencySummary latencyMs) {

  /** Submissions per second in the slice. */
  public double submittedPerSecond() {
    return submitted / widthSeconds;
  }

  /** Successful jobs per second in the slice. */
  public double succeededPerSecond() {
    return succeeded / widthSeconds;
  }

  /** Images per second in the slice. */
  public double imagesPerSecond() {
    return images / widthSeconds;
  }
}
