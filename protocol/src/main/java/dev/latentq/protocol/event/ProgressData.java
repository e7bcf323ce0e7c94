package dev.latentq.protocol.event;

import java.util.Objects;

/**
 * Data of {@code dev.latentq.job.progress}: denoising step {@code step} of {@code totalSteps} is done. Workers
 * rate-limit these, so consumers must not expect every step.
 *
 * @param id job id
 * @param step completed steps, in [1, totalSteps]
 * @param totalSteps the job's denoising steps
 */
public record ProgressData(String id, int step, int totalSteps) implements EventData {
  public ProgressData {
    Objects.requireNonNull(id, "id");
    if (totalSteps < 1 || step < 1 || step > totalSteps) {
      throw new IllegalArgumentException(
          "progress step " + step + " of " + totalSteps + " is impossible: need 1 <= step <= totalSteps");
    }
  }
}
