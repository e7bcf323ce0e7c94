package dev.latentq.engine.batching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which running jobs a higher-priority job that cannot join a full batch displaces: running jobs of lower
 * priority in its group, lowest priority first and, within a priority, the most recently arrived first, as many
 * as it takes to free its rows, and none when even all of them would not free enough. A job is preempted at
 * most {@code maxPerJob} times, so a stream of high-priority work cannot starve it. Preempted jobs keep their
 * samples (latents, scheduler state, step, noise position) and resume where they stopped. Stateless.
 */
final class Preemption {
  /** Lowest priority first, then the most recent arrival first: the reverse of the queue's order. */
  private static final Comparator<ActiveJob> VICTIM_ORDER = ActiveJob.ORDER.reversed();

  private final int maxPerJob;

  Preemption(int maxPerJob) {
    this.maxPerJob = maxPerJob;
  }

  /**
   * @param blocked the highest-priority queued job that did not fit
   * @param needed U-Net rows it takes
   * @param free rows still free in its group
   * @param candidates running jobs in its group whose samples are still denoising
   * @param rows U-Net rows each candidate takes, by position in {@code candidates}
   * @return the jobs to preempt (empty: none)
   */
  List<ActiveJob> victims(ActiveJob blocked, int needed, int free, List<ActiveJob> candidates, List<Integer> rows) {
    if (maxPerJob <= 0 || free >= needed) {
      return List.of();
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      ActiveJob c = candidates.get(i);
      if (c.job.priority() < blocked.job.priority() && c.preemptions < maxPerJob) {
        order.add(i);
      }
    }
    order.sort((a, b) -> VICTIM_ORDER.compare(candidates.get(a), candidates.get(b)));
    List<ActiveJob> victims = new ArrayList<>();
    int freed = free;
    for (int i : order) {
      if (freed >= needed) {
        break;
      }
      victims.add(candidates.get(i));
      freed += rows.get(i);
    }
    return freed >= needed ? victims : List.of();
  }

  /**
   * The running jobs below {@code priority} that may still be displaced, in the order to displace them (lowest
   * priority, then most recent arrival, first); empty when preemption is off.
   */
  List<ActiveJob> lowerThan(int priority, List<ActiveJob> running) {
    if (maxPerJob <= 0) {
      return List.of();
    }
    return running.stream()
        .filter(job -> job.job.priority() < priority && job.preemptions < maxPerJob)
        .sorted(VICTIM_ORDER)
        .toList();
  }
}
