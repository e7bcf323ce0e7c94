package dev.latentq.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected values re-derived with numpy from diffusers' EulerAncestralDiscreteScheduler.step. */
class EulerAncestralSchedulerTest {

  private static SchedulePlan eulerA(SchedulerConfig config, int steps) {
    return Fixtures.plan(SchedulerKind.EULER_ANCESTRAL, config, steps);
  }

  @Test
  void everyStepConsumesFreshNoiseIncludingTheLast() {
    SchedulePlan plan = eulerA(Fixtures.stableDiffusion("EulerAncestralDiscreteScheduler",
        "\"timestep_spacing\": \"leading\", \"steps_offset\": 1"), 4);
    for (int i = 0; i < plan.length(); i++) {
      assertThat(plan.needsNoise(i)).isTrue();
    }
  }

  @Test
  void stepsDownToSigmaDownAndAddsNoiseTimesSigmaUp() {
    // sigma_up = sqrt(s1^2 (s0^2 - s1^2) / s0^2), sigma_down = sqrt(s1^2 - sigma_up^2);
    // x_next = x + (x - x0) / s0 * (sigma_down - s0) + noise * sigma_up; noise of step i = NOISE * (i + 1)
    SchedulePlan plan = eulerA(Fixtures.stableDiffusion("EulerAncestralDiscreteScheduler",
        "\"timestep_spacing\": \"leading\", \"steps_offset\": 1"), 4);
    assertThat(Fixtures.timesteps(plan)).containsExactly(751, 501, 251, 1);
    float[][] expected = {
        {0.59999025f, -1.4007643f, 1.3570749f, 3.1485193f},
        {0.68054456f, -2.1779745f, 1.778539f, 4.501777f},
        {0.47407842f, -2.242158f, 1.2658539f, 5.099525f},
        {0.45445403f, -2.2452564f, 1.2214408f, 5.129478f}};
    for (int count = 1; count <= expected.length; count++) {
      assertThat(Fixtures.run(plan, count)).as("after %d steps", count).containsExactly(expected[count - 1]);
    }
  }

  @Test
  void vPredictionUsesTheEulerDenoisedEstimate() {
    SchedulerConfig config = Fixtures.stableDiffusion("EulerAncestralDiscreteScheduler",
        "\"timestep_spacing\": \"leading\", \"steps_offset\": 1, \"prediction_type\": \"v_prediction\"");
    assertThat(Fixtures.stepOnce(eulerA(config, 4), Fixtures.OUTPUT, Fixtures.NOISE))
        .containsExactly(0.46686932f, -1.2007478f, 1.6213053f, 0.825272f);
  }

  @Test
  void startingNoiseAndInputScaleFollowTheSigmaTable() {
    SchedulePlan plan = eulerA(Fixtures.model("tiny-turbo"), 4);
    assertThat(plan.initNoiseSigma()).isEqualTo(14.614647f);
    assertThat(plan.modelInputScale(0)).isEqualTo(1f / (float) Math.sqrt(14.614647f * 14.614647f + 1f));
  }
}
