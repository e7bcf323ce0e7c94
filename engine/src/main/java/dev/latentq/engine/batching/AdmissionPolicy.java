package dev.latentq.engine.batching;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * When queued jobs may join a model's running batch. Chosen by name: {@value #STEP} or {@value #REQUEST}. Which
 * jobs join, and how many, stays the lane's rule (priority order, the row limit, group reservations).
 */
sealed interface AdmissionPolicy {
  String STEP = "step";
  String REQUEST = "request";

  static AdmissionPolicy named(String name, Duration maxQueueDelay) {
    return switch (name) {
      case STEP -> new Step();
      case REQUEST -> new Request(maxQueueDelay);
      default -> throw new IllegalArgumentException("unknown admission '" + name + "'; use '" + STEP
          + "' (join at step boundaries) or '" + REQUEST + "' (whole batches, Triton's dynamic batcher)");
    };
  }

  /** Decides for one lane at {@code now}; {@code lane} is computed only when the policy asks (it walks the queue). */
  Decision decide(Supplier<LaneView> lane, Instant now);

  /**
   * What the policy sees of a lane.
   *
   * @param batchRunning whether the U-Net batch holds samples
   * @param headGroupRows U-Net rows of the queued jobs that could share a call with the first queued job
   * @param maxRows the row limit per call
   * @param oldestQueuedAt when the longest-waiting queued job was queued, null when nothing waits
   */
  record LaneView(boolean batchRunning, int headGroupRows, int maxRows, Instant oldestQueuedAt) {}

  /**
   * @param admit whether queued jobs may join now
   * @param wakeAt when not admitting and nothing runs: when to decide again (null: when something changes)
   */
  record Decision(boolean admit, Instant wakeAt) {
    static final Decision ADMIT = new Decision(true, null);
    static final Decision HOLD = new Decision(false, null);
  }

  /** Continuous batching: queued jobs join at every step boundary while they fit. */
  record Step() implements AdmissionPolicy {
    @Override
    public Decision decide(Supplier<LaneView> lane, Instant now) {
      return Decision.ADMIT;
    }
  }

  /**
   * Request-level batching as Triton's dynamic batcher does it: a batch forms only when none runs, as soon as the
   * queued compatible jobs fill it or the oldest has waited {@code maxQueueDelay}; it then runs all its steps while
   * new arrivals wait for the next batch.
   */
  record Request(Duration maxQueueDelay) implements AdmissionPolicy {
    @Override
    public Decision decide(Supplier<LaneView> view, Instant now) {
      LaneView lane = view.get();
      if (lane.batchRunning() || lane.oldestQueuedAt() == null) {
        return Decision.HOLD;
      }
      if (lane.headGroupRows() >= lane.maxRows()) {
        return Decision.ADMIT;
      }
      Instant due = lane.oldestQueuedAt().plus(maxQueueDelay);
      return now.isBefore(due) ? new Decision(false, due) : Decision.ADMIT;
    }
  }
}
