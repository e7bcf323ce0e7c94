package dev.latentq.loadtest.stats;

import dev.latentq.loadtest.ledger.JobTrace;
import dev.latentq.loadtest.ledger.ObservedEvent;
import dev.latentq.loadtest.ledger.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A run cut into equal time slices from its start to its last submission or terminal event. Immutable.
 *
 * @param bucketWidth slice width
 * @param buckets the slices, in time order
 */
public record Timeline(Duration bucketWidth, List<TimeBucket> buckets) {

  /** Slices chosen by {@link #autoWidth(long, int)} keep charts readable: at most about this many over a run. */
  public static final int TARGET_BUCKETS = 60;
  /** Automatic slices hold on average at least this many jobs, so that per-slice percentiles mean something. */
  public static final int MIN_JOBS_PER_BUCKET = 5;

  public Timeline {
    buckets = List.copyOf(buckets);
  }

  /**
   * A width of whole seconds giving at most about {@value #TARGET_BUCKETS} slices over {@code spanNanos} and on
   * average at least {@value #MIN_JOBS_PER_BUCKET} of {@code jobs} per slice.
   */
  public static Duration autoWidth(long spanNanos, int jobs) {
    double spanSeconds = spanNanos / 1e9;
    double seconds = Math.max(1, Math.max(spanSeconds / TARGET_BUCKETS,
        spanSeconds * MIN_JOBS_PER_BUCKET / Math.max(1, jobs)));
    return Duration.ofSeconds((long) Math.ceil(seconds));
  }

  /** The timeline of {@code traces}; a null {@code width} picks {@link #autoWidth(long, int)}. */
  public static Timeline of(List<JobTrace> traces, Duration width) {
    long end = 0;
    for (JobTrace trace : traces) {
      end = Math.max(end, trace.submit().submitNanos());
      end = Math.max(end, trace.terminal().map(ObservedEvent::receivedNanos).orElse(0L));
    }
    Duration bucketWidth = width != null ? width : autoWidth(end, traces.size());
    long widthNanos = bucketWidth.toNanos();
    int count = (int) (end / widthNanos) + 1;
    long[] submitted = new long[count];
    long[] succeeded = new long[count];
    long[] failed = new long[count];
    long[] images = new long[count];
    List<LatencyRecorder> latencies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      latencies.add(new LatencyRecorder());
    }
    for (JobTrace trace : traces) {
      submitted[index(trace.submit().submitNanos(), widthNanos)]++;
      Outcome outcome = trace.outcome();
      if (outcome == Outcome.LOST || outcome == Outcome.NOT_SENT) {
        continue;
      }
      int slot = index(trace.terminal().orElseThrow().receivedNanos(), widthNanos);
      if (outcome == Outcome.SUCCEEDED) {
        succeeded[slot]++;
        images[slot] += trace.images();
        trace.latencyNanos().ifPresent(latencies.get(slot)::recordNanos);
      } else {
        failed[slot]++;
      }
    }
    double widthSeconds = widthNanos / 1e9;
    List<TimeBucket> buckets = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      buckets.add(new TimeBucket(i * widthSeconds, widthSeconds, submitted[i], succeeded[i], failed[i], images[i],
          latencies.get(i).summary()));
    }
    return new Timeline(bucketWidth, buckets);
  }

  private static int index(long nanos, long widthNanos) {
    return (int) (Math.max(0, nanos) / widthNanos);
  }
}
