package dev.latentq.worker.kafka;

/**
 * Which held jobs count against intake's limit. Jobs waiting for their uploads (which may retry for the whole
 * storage retry budget while the store fails) have their own budget of {@value #STORING_SHARE} times the limit:
 * they no longer need the engine, so new jobs keep flowing to it; only when that budget is full too do they count,
 * which bounds the images held in memory. Stateless.
 */
final class IntakeBudget {
  /** Jobs that may wait for uploads without counting, as a multiple of the held-jobs limit. */
  static final int STORING_SHARE = 3;

  private IntakeBudget() {}

  /** The held jobs that count against {@code limit}: all but the storing ones within their own budget. */
  static int counted(int held, int storing, int limit) {
    return held - Math.min(storing, STORING_SHARE * limit);
  }
}
