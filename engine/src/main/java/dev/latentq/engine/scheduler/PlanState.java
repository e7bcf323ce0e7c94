package dev.latentq.engine.scheduler;

/** Per-sample state shared by all plans: which plan it belongs to and the next evaluation index. */
class PlanState implements SampleState {

  private final SchedulePlan owner;
  private final int elements;
  private int next;

  PlanState(SchedulePlan owner, int elements) {
    if (elements <= 0) {
      throw new IllegalArgumentException("a sample state needs a positive latent size, got " + elements);
    }
    this.owner = owner;
    this.elements = elements;
  }

  @Override
  public final int elements() {
    return elements;
  }

  @Override
  public final int nextStep() {
    return next;
  }

  final SchedulePlan owner() {
    return owner;
  }

  final void advance() {
    next++;
  }
}
