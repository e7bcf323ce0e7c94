package dev.latentq.loadtest.arrival;

import dev.latentq.protocol.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Random;

/**
 * When to submit jobs: at a rate (constant or Poisson) until a duration or a job count is reached, whichever comes
 * first, or as one burst.
 *
 * @param pattern constant, Poisson or burst
 * @param ratePerSecond offered rate in jobs per second; 0 for a burst
 * @param duration nullable: stop planning submissions at this offset from the start (rate patterns only)
 * @param count nullable: the most jobs to submit; required for a burst
 */
public record ArrivalPlan(ArrivalPattern pattern, double ratePerSecond, Duration duration, Long count) {

  public ArrivalPlan {
    Objects.requireNonNull(pattern, "pattern");
    if (count != null && count < 1) {
      throw new IllegalArgumentException("job count is " + count + ": submit at least 1 job");
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("duration is " + duration + ": use a positive duration such as 60s");
    }
    if (pattern == ArrivalPattern.BURST) {
      if (count == null || duration != null || ratePerSecond != 0) {
        throw new IllegalArgumentException("a burst takes only a job count (--burst N), no rate or duration");
      }
    } else {
      if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
        throw new IllegalArgumentException("rate is " + ratePerSecond + " jobs/s: use a positive finite rate, "
            + "or --burst N to submit every job at once");
      }
      if (duration == null && count == null) {
        throw new IllegalArgumentException("a " + pattern.label() + " rate needs an end: give a duration "
            + "(--duration 60s), a job count (--count N) or both");
      }
    }
  }

  /** Submissions every 1/rate seconds. */
  public static ArrivalPlan constant(double ratePerSecond, Duration duration, Long count) {
    return new ArrivalPlan(ArrivalPattern.CONSTANT, ratePerSecond, duration, count);
  }

  /** Poisson arrivals with mean rate {@code ratePerSecond}. */
  public static ArrivalPlan poisson(double ratePerSecond, Duration duration, Long count) {
    return new ArrivalPlan(ArrivalPattern.POISSON, ratePerSecond, duration, count);
  }

  /** {@code count} jobs at once. */
  public static ArrivalPlan burst(long count) {
    return new ArrivalPlan(ArrivalPattern.BURST, 0, null, count);
  }

  /** The offered rate in jobs per second; empty for a burst. */
  public OptionalDouble offeredRate() {
    return pattern == ArrivalPattern.BURST ? OptionalDouble.empty() : OptionalDouble.of(ratePerSecond);
  }

  /**
   * A fresh schedule for this plan. {@code random} drives Poisson gaps only; pass one seeded for reproducible runs.
   */
  public ArrivalSchedule schedule(Random random) {
    long end = duration == null ? Long.MAX_VALUE : duration.toNanos();
    long max = count == null ? Long.MAX_VALUE : count;
    return switch (pattern) {
      case CONSTANT -> new ConstantSchedule(ratePerSecond, end, max);
      case POISSON -> new PoissonSchedule(ratePerSecond, end, max, random);
      case BURST -> new BurstSchedule(max);
    };
  }

  /** One line for reports, e.g. {@code poisson, 2 jobs/s, for 1m}. */
  public String describe() {
    if (pattern == ArrivalPattern.BURST) {
      return "burst of " + count + " jobs";
    }
    StringBuilder text = new StringBuilder(pattern.label()).append(", ")
        .append(String.format(Locale.ROOT, "%.6g", ratePerSecond).replaceAll("\\.?0+$", "")).append(" jobs/s");
    if (duration != null) {
      text.append(", for ").append(Durations.format(duration));
    }
    if (count != null) {
      text.append(duration != null ? " or " : ", ").append(count).append(" jobs");
    }
    return text.toString();
  }
}
