package dev.latentq.engine.batching;

/**
 * What the engine reports while jobs run. Called on the engine thread: implementations must only hand the
 * information off (e.g. to a Vert.x context) and return at once.
 */
public interface EngineListener {
  /** The job's samples joined the running batch. */
  void started(EngineJob job);

  /** The job completed U-Net evaluation {@code step} of {@code totalSteps} (1-based). */
  void progress(EngineJob job, int step, int totalSteps);

  /** One engine step happened: for metrics. */
  void stepped(StepStats stats);

  /**
   * One step of one model's batch.
   *
   * @param model the model id
   * @param samples images in the batch during the step
   * @param rows U-Net rows computed
   * @param unetCalls U-Net calls made
   * @param maxRowsPerCall the configured call size, for occupancy
   * @param unetNanos time inside the U-Net
   * @param stepNanos the whole step including the Java work
   */
  record StepStats(String model, int samples, int rows, int unetCalls, int maxRowsPerCall, long unetNanos,
      long stepNanos) {
    /** Filled share of the U-Net calls made, 0..1. */
    public double occupancy() {
      return unetCalls == 0 ? 0 : Math.min(1.0, (double) rows / ((long) unetCalls * maxRowsPerCall));
    }
  }

  /** A listener that ignores everything (tests, the command line). */
  EngineListener NONE = new EngineListener() {
    @Override
    public void started(EngineJob job) {
    }

    @Override
    public void progress(EngineJob job, int step, int totalSteps) {
    }

    @Override
    public void stepped(StepStats stats) {
    }
  };
}
