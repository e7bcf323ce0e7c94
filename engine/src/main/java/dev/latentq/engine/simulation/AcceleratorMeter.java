package dev.latentq.engine.simulation;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Busy nanoseconds of a simulated accelerator per component (thread-safe), for a GPU busy share. */
public final class AcceleratorMeter {
  /** What the accelerator ran. */
  public enum Component { UNET, VAE_DECODER, VAE_ENCODER, TEXT_ENCODER }

  private final Map<Component, LongAdder> busy = new EnumMap<>(Component.class);
  private final Map<Component, LongAdder> calls = new EnumMap<>(Component.class);

  public AcceleratorMeter() {
    for (Component c : Component.values()) {
      busy.put(c, new LongAdder());
      calls.put(c, new LongAdder());
    }
  }

  void add(Component component, long nanos) {
    busy.get(component).add(nanos);
    calls.get(component).increment();
  }

  /** Busy nanoseconds of one component. */
  public long busyNanos(Component component) {
    return busy.get(component).sum();
  }

  /** Calls made to one component. */
  public long calls(Component component) {
    return calls.get(component).sum();
  }

  /** Busy nanoseconds of every component together. */
  public long busyNanos() {
    long total = 0;
    for (LongAdder a : busy.values()) {
      total += a.sum();
    }
    return total;
  }
}
