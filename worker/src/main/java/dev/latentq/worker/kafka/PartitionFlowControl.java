package dev.latentq.worker.kafka;

/**
 * Backpressure with hysteresis: pause the assigned partitions when the jobs held locally reach the limit, resume
 * when they fall to half. Pausing partitions (not the stream) keeps the consumer polling, so the group does not
 * evict a worker whose GPU is simply busy. Event-loop thread only.
 */
final class PartitionFlowControl {
  /** What the caller must do to the assigned partitions. */
  enum Action { NONE, PAUSE, RESUME }

  private final int limit;
  private boolean paused;

  PartitionFlowControl(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the local job limit must be >= 1, got " + limit);
    }
    this.limit = limit;
  }

  Action update(int held) {
    if (!paused && held >= limit) {
      paused = true;
      return Action.PAUSE;
    }
    if (paused && held <= limit / 2) {
      paused = false;
      return Action.RESUME;
    }
    return Action.NONE;
  }

  /** The number of held jobs at which intake pauses. */
  int limit() {
    return limit;
  }

  boolean paused() {
    return paused;
  }
}
