package dev.latentq.loadtest.path;

import dev.latentq.loadtest.ledger.JobTrace;
import dev.latentq.loadtest.ledger.LedgerSnapshot;
import dev.latentq.loadtest.ledger.ObservedEvent;
import dev.latentq.protocol.event.EventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * When the images of one burst were done, in milliseconds from the burst's first submission, sorted: the one
 * measure that both the whole path (succeeded events read back) and the engine alone (futures completed) are
 * reduced to, so that their throughputs are computed the same way.
 *
 * <p>The CPU time the model's process (the worker, or the engine alone) used during the burst is the second,
 * contention-free measure: on a machine whose other tenants take a varying share of the pinned cores, the CPU time
 * per image still says how much work each side does for an image.
 *
 * @param jobs jobs submitted in the burst (one image each); completions may be fewer when some failed
 * @param cpuMs CPU time of the model's process during the burst, all its threads; NaN when unknown
 */
public record BurstTimes(int jobs, double[] completionsMs, double cpuMs) {

  public BurstTimes {
    completionsMs = completionsMs.clone();
    Arrays.sort(completionsMs);
    if (completionsMs.length == 0) {
      throw new IllegalArgumentException("a burst with no completed job has no throughput");
    }
  }

  /** The succeeded jobs of a load run, timed from its first submission to their succeeded event being read. */
  public static BurstTimes of(LedgerSnapshot ledger, double cpuMs) {
    long first = ledger.jobs().stream().mapToLong(j -> j.submit().submitNanos()).min().orElse(0);
    List<Double> done = new ArrayList<>();
    for (JobTrace job : ledger.jobs()) {
      job.terminal().filter(e -> e.type() == EventType.SUCCEEDED).map(ObservedEvent::receivedNanos)
          .ifPresent(t -> done.add((t - first) / 1e6));
    }
    return new BurstTimes(ledger.jobs().size(), done.stream().mapToDouble(Double::doubleValue).toArray(), cpuMs);
  }

  /** Parses the engine's {@code t1,t2,...} list. */
  public static BurstTimes parse(int jobs, String commaSeparatedMs, double cpuMs) {
    return new BurstTimes(jobs, Arrays.stream(commaSeparatedMs.split(",")).map(String::strip)
        .mapToDouble(Double::parseDouble).toArray(), cpuMs);
  }

  /** CPU milliseconds the model's process spent per completed image. */
  public double cpuMsPerImage() {
    return cpuMs / completed();
  }

  public int completed() {
    return completionsMs.length;
  }

  /** Images per second from the first submission to the last completion: ramp-up and tail included. */
  public double wholeBurstRate() {
    return completed() / (completionsMs[completed() - 1] / 1e3);
  }

  /**
   * Images per second in the middle of the burst, between the n/4-th and the (n - n/4)-th completion, where the
   * batch is full on both sides: the first jobs' ramp-up (arrivals through Kafka, a batch that fills at step
   * boundaries) and the last jobs' tail (a batch that empties, the last PNGs and uploads) are left out. Bursts of
   * fewer than 4 jobs have no middle; their whole-burst rate is returned.
   */
  public double steadyRate() {
    int n = completed();
    int edge = n / 4;
    if (edge == 0) {
      return wholeBurstRate();
    }
    double from = completionsMs[edge - 1];
    double to = completionsMs[n - edge - 1];
    return to > from ? (n - 2 * edge) / ((to - from) / 1e3) : wholeBurstRate();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BurstTimes other && jobs == other.jobs && Arrays.equals(completionsMs, other.completionsMs)
        && Double.compare(cpuMs, other.cpuMs) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * jobs + Arrays.hashCode(completionsMs)) + Double.hashCode(cpuMs);
  }

  @Override
  public String toString() {
    return "BurstTimes[jobs=" + jobs + ", completionsMs=" + Arrays.toString(completionsMs) + ", cpuMs=" + cpuMs + "]";
  }
}
