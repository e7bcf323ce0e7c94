package dev.latentq.engine.simulation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Time that moves only when told: accelerator calls advance it by their cost, and a driver advances it to the next
 * event (an arrival). The engine's scheduling rules read it as their {@link Clock}, so a scheduling experiment on
 * it is deterministic and independent of how busy the machine is. Java work between calls costs nothing here.
 * Single-threaded use only.
 */
public final class VirtualClock extends Clock implements AcceleratorTime {
  private final Instant origin;
  private final AcceleratorMeter meter = new AcceleratorMeter();
  private long nanos;

  /** A clock at {@code origin}. */
  public VirtualClock(Instant origin) {
    this.origin = origin;
  }

  /** Nanoseconds since the origin. */
  public long nanos() {
    return nanos;
  }

  /** Moves forward to {@code target} nanoseconds since the origin (never backwards). */
  public void advanceTo(long target) {
    nanos = Math.max(nanos, target);
  }

  @Override
  public void spend(AcceleratorMeter.Component component, double millis) {
    long cost = Math.round(millis * 1e6);
    nanos += cost;
    meter.add(component, cost);
  }

  @Override
  public AcceleratorMeter meter() {
    return meter;
  }

  @Override
  public Instant instant() {
    return origin.plusNanos(nanos);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a virtual clock is UTC only");
  }
}
