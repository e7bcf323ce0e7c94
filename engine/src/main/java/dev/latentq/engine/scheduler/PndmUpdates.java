package dev.latentq.engine.scheduler;

/**
 * Which PNDM update each evaluation performs and between which training timesteps, replaying diffusers'
 * counter logic ({@code step_prk} / {@code step_plms}) ahead of time so per-sample stepping needs no branching
 * on history.
 *
 * @param updates the update kind per evaluation
 * @param fromTimestep the timestep whose alpha the update starts from
 * @param toTimestep the timestep it moves to (negative: the final alpha)
 */
record PndmUpdates(Update[] updates, int[] fromTimestep, int[] toTimestep) {

  /** The model-output combination used at one evaluation. */
  enum Update {
    /** Runge–Kutta stage 1 of 4: remember the sample, weight 1/6. */
    RK_FIRST,
    /** Runge–Kutta stage 2 or 3: weight 1/3. */
    RK_MIDDLE,
    /** Runge–Kutta stage 4: weight 1/6, then the full combination. */
    RK_LAST,
    /** First PLMS step: plain epsilon, remember the sample. */
    PLMS_FIRST,
    /** Second PLMS step: redo the first step with the mean of both outputs. */
    PLMS_REDO,
    /** Two-step Adams–Bashforth combination. */
    PLMS_TWO,
    /** Three-step combination. */
    PLMS_THREE,
    /** Four-step combination. */
    PLMS_FOUR
  }

  static PndmUpdates build(int[] evaluated, int[] rungeKutta, int stride, boolean skipRungeKutta) {
    int n = evaluated.length;
    Update[] updates = new Update[n];
    int[] from = new int[n];
    int[] to = new int[n];
    int stored = 0;
    for (int counter = 0; counter < n; counter++) {
      int t = evaluated[counter];
      if (!skipRungeKutta && counter < rungeKutta.length) {
        int stage = counter % 4;
        updates[counter] = stage == 0 ? Update.RK_FIRST : stage == 3 ? Update.RK_LAST : Update.RK_MIDDLE;
        stored += stage == 0 ? 1 : 0;
        from[counter] = rungeKutta[counter / 4 * 4];
        to[counter] = t - (counter % 2 == 1 ? 0 : stride / 2);
      } else if (counter == 1) {
        // diffusers does not store this output; it redoes step 0 from the remembered sample
        updates[counter] = Update.PLMS_REDO;
        from[counter] = t + stride;
        to[counter] = t;
      } else {
        stored = Math.min(stored, 3) + 1;
        updates[counter] = switch (stored) {
          case 1 -> Update.PLMS_FIRST;
          case 2 -> Update.PLMS_TWO;
          case 3 -> Update.PLMS_THREE;
          default -> Update.PLMS_FOUR;
        };
        from[counter] = t;
        to[counter] = t - stride;
      }
    }
    return new PndmUpdates(updates, from, to);
  }
}
