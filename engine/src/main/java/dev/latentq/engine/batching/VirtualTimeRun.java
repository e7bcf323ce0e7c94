package dev.latentq.engine.batching;

import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.simulation.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Replays arrivals through one model's lane — the engine's own queue, admission, batching, decode batching and
 * scheduler code — on a {@link VirtualClock}: time advances only by the simulated accelerator's call costs and
 * jumps over idle gaps to the next arrival. It follows {@link BatchEngine}'s loop (commands, deadlines,
 * admission, one step) without the thread, so scheduling experiments are deterministic and take seconds on any
 * machine. Java work between accelerator calls costs no time here. Single-threaded.
 */
public final class VirtualTimeRun {
  private final DiffusionModel model;
  private final VirtualClock clock;
  private final int maxRowsPerCall;
  private final SchedulingOptions scheduling;

  /**
   * @param model a simulated model whose calls spend time on {@code clock}
   *     ({@code SimulatedModel.create(id, costs, clock)})
   */
  public VirtualTimeRun(DiffusionModel model, VirtualClock clock, int maxRowsPerCall, SchedulingOptions scheduling) {
    this.model = model;
    this.clock = clock;
    this.maxRowsPerCall = maxRowsPerCall;
    this.scheduling = scheduling;
  }

  /** A job arriving {@code atNanos} after the clock's origin. */
  public record Arrival(long atNanos, EngineJob job) {}

  /**
   * One job's outcome.
   *
   * @param arrivedNanos when it arrived, nanoseconds on the virtual clock
   * @param completedNanos when its images were decoded (or it failed)
   * @param queuedNanos from arrival until it joined a batch (0 when it failed)
   * @param decodeNanos its VAE call (0 when it failed); the rest of its latency is denoising and waiting for the VAE
   */
  public record Completion(EngineJob job, long arrivedNanos, long completedNanos, boolean succeeded, long queuedNanos,
      long decodeNanos) {
    public Duration latency() {
      return Duration.ofNanos(completedNanos - arrivedNanos);
    }
  }

  /**
   * @param completions in completion order
   * @param endNanos the virtual time when the last job completed
   * @param steps batch steps run
   */
  public record Result(List<Completion> completions, long endNanos, long steps) {}

  /** Runs every arrival (sorted by time) to completion. */
  public Result run(List<Arrival> arrivals) {
    List<Arrival> ordered = new ArrayList<>(arrivals);
    ordered.sort((a, b) -> Long.compare(a.atNanos(), b.atNanos()));
    List<Completion> completions = new ArrayList<>();
    long steps = 0;
    int next = 0;
    int outstanding = 0; // arrived, not completed
    try (ModelLane lane = new ModelLane(model.name(), model, maxRowsPerCall, EngineListener.NONE, scheduling,
        clock, clock::nanos)) {
      while (next < ordered.size() || outstanding > 0) {
        while (next < ordered.size() && ordered.get(next).atNanos() <= clock.nanos()) {
          Arrival arrival = ordered.get(next++);
          ActiveJob job = new ActiveJob(arrival.job().withAcceptedNanos(arrival.atNanos()));
          job.result.whenComplete((images, failure) -> completions.add(new Completion(job.job, arrival.atNanos(),
              clock.nanos(), failure == null, failure == null ? images.queuedNanos() : 0,
              failure == null ? images.decodeNanos() : 0)));
          lane.enqueue(job);
        }
        lane.expireDeadlines(clock.instant());
        lane.admit();
        if (lane.hasWork()) {
          lane.step();
          steps++;
        } else {
          long target = next < ordered.size() ? ordered.get(next).atNanos() : Long.MAX_VALUE;
          if (lane.wakeAt() != null) {
            target = Math.min(target, Duration.between(clock.instant().minusNanos(clock.nanos()), lane.wakeAt())
                .toNanos());
          }
          if (target == Long.MAX_VALUE || target < clock.nanos()) {
            throw new IllegalStateException("the lane holds " + lane.queued() + " queued jobs but neither runs nor"
                + " waits for a time; a scheduling rule is stuck");
          }
          clock.advanceTo(target);
        }
        outstanding = next - completions.size();
      }
    }
    return new Result(Collections.unmodifiableList(completions), clock.nanos(), steps);
  }
}
