package dev.latentq.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Expected values re-derived with numpy from diffusers' PNDMScheduler (step_prk / step_plms / _get_prev_sample). */
class PndmSchedulerTest {

  private static SchedulePlan pndm(SchedulerConfig config, int steps) {
    return Fixtures.plan(SchedulerKind.PNDM, config, steps);
  }

  private static SchedulerConfig withRungeKutta(String extra) {
    return Fixtures.stableDiffusion("PNDMScheduler", "\"skip_prk_steps\": false, \"steps_offset\": 1" + extra);
  }

  @Test
  void plmsRepeatsTheSecondTimestepSoItRunsStepsPlusOneEvaluations() {
    assertThat(Fixtures.timesteps(pndm(Fixtures.model("tiny-sd15"), 4))).containsExactly(751, 501, 501, 251, 1);
    assertThat(pndm(Fixtures.model("tiny-sd15"), 20).length()).isEqualTo(21);
    assertThat(Fixtures.timesteps(pndm(Fixtures.model("tiny-sd15"), 2))).containsExactly(501, 1, 1);
    assertThat(Fixtures.timesteps(pndm(Fixtures.model("tiny-sd15"), 1))).containsExactly(1);
  }

  @Test
  void pndmFromAnotherSchedulersConfigIsPlmsAloneAlsoInAnImageToImageWindow() {
    // tiny-sdxl ships Euler and tiny-sd2v DDIM: neither says skip_prk_steps, yet pndm must not run Runge-Kutta.
    for (String model : new String[] {"tiny-sdxl", "tiny-sd2v"}) {
      assertThat(Fixtures.timesteps(pndm(Fixtures.model(model), 4))).as(model).containsExactly(751, 501, 501, 251, 1);
      // README-features example: 10 steps at strength 0.6 evaluate the PLMS list's tail from index 4
      assertThat(Fixtures.timesteps(SchedulerKind.PNDM.create(Fixtures.model(model)).plan(10, 0.6)))
          .as(model).containsExactly(601, 501, 401, 301, 201, 101, 1);
    }
  }

  @Test
  void otherSpacingsArrangeTheirTimestepsTheSameWay() {
    SchedulerConfig linspace = Fixtures.stableDiffusion("PNDMScheduler",
        "\"skip_prk_steps\": true, \"timestep_spacing\": \"linspace\"");
    assertThat(Fixtures.timesteps(pndm(linspace, 4))).containsExactly(999, 666, 666, 333, 0);
    SchedulerConfig trailing = Fixtures.stableDiffusion("PNDMScheduler",
        "\"skip_prk_steps\": true, \"timestep_spacing\": \"trailing\"");
    assertThat(Fixtures.timesteps(pndm(trailing, 4))).containsExactly(999, 749, 749, 499, 249);
  }

  @Test
  void rungeKuttaWarmUpVisitsEachMidpointTwice() {
    assertThat(Fixtures.timesteps(pndm(withRungeKutta(""), 5)))
        .containsExactly(801, 701, 701, 601, 601, 501, 501, 401, 401, 301, 301, 201, 201, 1);
  }

  @Test
  void rungeKuttaWarmUpNeedsFourSteps() {
    assertThatThrownBy(() -> pndm(withRungeKutta(""), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 4 steps")
        .hasMessageContaining("skip_prk_steps=true");
  }

  @Test
  void plmsCombinesPastOutputsWithAdamsBashforthWeights() {
    // eps' per step: e0; (e1 + e0) / 2 redone from x0; (3 e2 - e0) / 2; (23 e3 - 16 e2 + 5 e0) / 12;
    // (55 e4 - 59 e3 + 37 e2 - 9 e0) / 24, each applied with sqrt(a'/a) x - (a' - a) eps' / denominator
    SchedulePlan plan = pndm(Fixtures.model("tiny-sd15"), 4);
    float[][] expected = {
        {0.98006076f, -2.384785f, 3.528041f, -0.22811782f},
        {0.898352f, -2.4664936f, 3.4463322f, -0.3098266f},
        {1.0441415f, -3.9129927f, 4.572474f, 0.06560516f},
        {0.95380574f, -4.8248353f, 4.8598638f, 0.5490941f},
        {0.94560057f, -4.830655f, 4.8460436f, 0.55528593f}};
    for (int count = 1; count <= expected.length; count++) {
      assertThat(Fixtures.run(plan, count)).as("after %d evaluations", count).containsExactly(expected[count - 1]);
    }
  }

  @Test
  void rungeKuttaStagesAccumulateOneSixthOneThirdOneThirdOneSixth() {
    // stages 1-3 move the cycle's start sample with the raw output, stage 4 with e1/6 + e2/3 + e3/3 + e4/6;
    // after three cycles (12 evaluations) PLMS continues with the three stored stage-1 outputs
    SchedulePlan plan = pndm(withRungeKutta(""), 5);
    assertThat(Fixtures.run(plan, 1)).containsExactly(0.6974351f, -1.7180195f, 2.636331f, -0.560357f);
    assertThat(Fixtures.run(plan, 4)).containsExactly(0.7189872f, -2.486155f, 3.1741433f, -0.531791f);
    assertThat(Fixtures.run(plan, 12)).containsExactly(0.12823278f, -6.228742f, 4.5600567f, -0.7964215f);
    assertThat(Fixtures.run(plan, 14)).containsExactly(-0.85544544f, -7.964406f, 3.9257247f, -1.267587f);
  }

  @Test
  void vPredictionIsConvertedToEpsilonAfterCombining() {
    SchedulerConfig config = Fixtures.stableDiffusion("PNDMScheduler", "\"skip_prk_steps\": true, "
        + "\"steps_offset\": 1, \"prediction_type\": \"v_prediction\", \"set_alpha_to_one\": false");
    assertThat(Fixtures.run(pndm(config, 4), 5)).containsExactly(-0.100158885f, -0.93749475f, 0.32848135f,
        0.32957068f);
  }

  @Test
  void imageToImageSlicesTheArrangedTimesteps() {
    SchedulePlan plan = Schedulers.create(SchedulerKind.PNDM, Fixtures.model("tiny-sd15")).plan(10, 0.5);
    // get_timesteps: t_start = 10 - int(10 * 0.5) = 5 into [901, 801, 801, 701, ...]
    assertThat(Fixtures.timesteps(plan)).containsExactly(501, 401, 301, 201, 101, 1);
  }
}
