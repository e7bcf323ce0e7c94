package dev.latentq.engine.simulation;

/**
 * How a simulated accelerator call takes its time, and where that time is counted: {@link #realTime()} waits it
 * out on the calling thread (a live worker), a {@link VirtualClock} advances without waiting (deterministic
 * scheduling experiments and tests). Either way the busy time per component is recorded in {@link #meter()}.
 */
public interface AcceleratorTime {
  /** Spends {@code millis} of accelerator time on {@code component}. */
  void spend(AcceleratorMeter.Component component, double millis);

  /** Accelerator busy time so far, per component. */
  AcceleratorMeter meter();

  /** Real time: each call parks (then spins) for its cost on the calling thread. */
  static AcceleratorTime realTime() {
    AcceleratorMeter meter = new AcceleratorMeter();
    return new AcceleratorTime() {
      @Override
      public void spend(AcceleratorMeter.Component component, double millis) {
        SimulatedTime.spend(millis);
        meter.add(component, Math.round(millis * 1e6));
      }

      @Override
      public AcceleratorMeter meter() {
        return meter;
      }
    };
  }
}
