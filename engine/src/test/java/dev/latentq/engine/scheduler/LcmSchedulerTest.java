package dev.latentq.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Expected values re-derived with numpy from diffusers' LCMScheduler.set_timesteps / step. */
class LcmSchedulerTest {

  private static SchedulePlan lcm(int steps) {
    return Fixtures.plan(SchedulerKind.LCM, Fixtures.model("tiny-lcm"), steps);
  }

  @Test
  void picksEvenlySpacedIndicesOfTheDistillationSchedule() {
    // origin = arange(1, 51) * 20 - 1 reversed; indices floor(linspace(0, 50, N, endpoint=False))
    assertThat(Fixtures.timesteps(lcm(4))).containsExactly(999, 759, 499, 259);
    assertThat(Fixtures.timesteps(lcm(8))).containsExactly(999, 879, 759, 639, 499, 379, 259, 139);
    assertThat(Fixtures.timesteps(lcm(20))).containsExactly(999, 959, 899, 859, 799, 759, 699, 659, 599, 559, 499,
        459, 399, 359, 299, 259, 199, 159, 99, 59);
    assertThat(Fixtures.timesteps(lcm(1))).containsExactly(999);
    SchedulerConfig ten = SchedulerConfig.parse("{\"original_inference_steps\": 10}", "test");
    assertThat(Fixtures.timesteps(Fixtures.plan(SchedulerKind.LCM, ten, 3))).containsExactly(999, 699, 399);
  }

  @Test
  void injectsNoiseAfterEveryStepButTheLast() {
    SchedulePlan plan = lcm(4);
    assertThat(plan.needsNoise(0)).isTrue();
    assertThat(plan.needsNoise(2)).isTrue();
    assertThat(plan.needsNoise(3)).isFalse();
  }

  @Test
  void boundaryConditionsMixThePredictionAndTheSample() {
    // c_skip = 0.25 / ((10 t)^2 + 0.25), c_out = 10 t / sqrt((10 t)^2 + 0.25); denoised = c_out x0 + c_skip x;
    // then sqrt(a_next) * denoised + sqrt(1 - a_next) * noise with noise of step i = NOISE * (i + 1)
    SchedulePlan plan = lcm(4);
    float[][] expected = {
        {1.6317543f, -3.9610891f, 5.5251765f, 1.2116348f},
        {3.7677617f, -10.101559f, 12.929098f, 5.068069f},
        {5.871676f, -16.897837f, 20.77615f, 9.008018f}};
    for (int count = 1; count <= expected.length; count++) {
      assertThat(Fixtures.run(plan, count)).as("after %d steps", count).containsExactly(expected[count - 1]);
    }
  }

  @Test
  void lastStepLeavesTheDenoisedLatentsThatDiffusersDecodes() {
    assertThat(Fixtures.run(lcm(4), 4)).containsExactly(6.8914456f, -20.86992f, 24.820215f, 11.618272f);
    // one step: denoised at t = 999 with no noise
    assertThat(Fixtures.stepOnce(lcm(1), Fixtures.OUTPUT, null))
        .containsExactly(5.862945f, -13.92663f, 19.067385f, 5.0894985f);
  }

  @Test
  void imageToImageShortensTheDistillationScheduleByStrength() {
    SchedulePlan plan = Schedulers.create(SchedulerKind.LCM, Fixtures.model("tiny-lcm")).plan(4, 0.5);
    assertThat(Fixtures.timesteps(plan)).containsExactly(499, 379, 259, 139);
    assertThat(plan.needsNoise(3)).isFalse();
  }

  @Test
  void rejectsMoreStepsThanTheDistillationScheduleHolds() {
    assertThatThrownBy(() -> lcm(51))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use at most 50 steps");
    assertThatThrownBy(() -> Schedulers.create(SchedulerKind.LCM, Fixtures.model("tiny-lcm")).plan(30, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use at most 25 steps or raise strength");
    assertThatThrownBy(() -> Schedulers.create(SchedulerKind.LCM, Fixtures.model("tiny-lcm")).plan(1, 0.01))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("raise strength");
  }
}
