package dev.latentq.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Expected values re-derived with numpy from diffusers' DPMSolverMultistepScheduler (dpmsolver++, order 2):
 * first-order and midpoint/heun second-order updates in lambda = log(alpha) - log(sigma).
 */
class DpmSolverSchedulerTest {
  private static final String LEADING_OFFSET_1 = "\"timestep_spacing\": \"leading\", \"steps_offset\": 1";


  private static SchedulePlan dpm(SchedulerConfig config, int steps) {
    return Fixtures.plan(SchedulerKind.DPMPP_2M, config, steps);
  }

  private static SchedulePlan karras(SchedulerConfig config, int steps) {
    return Fixtures.plan(SchedulerKind.DPMPP_2M_KARRAS, config, steps);
  }

  private static SchedulerConfig dpmConfig(String members) {
    return Fixtures.stableDiffusion("DPMSolverMultistepScheduler", members);
  }

  private static float[] sigmas(SchedulePlan plan) {
    return ((DpmSolverPlan) plan).sigmas();
  }

  @Test
  void linspaceDropsTheLastOfStepsPlusOnePoints() {
    // round(linspace(0, 999, N + 1))[::-1][:-1]
    SchedulePlan four = dpm(dpmConfig(""), 4);
    assertThat(Fixtures.timesteps(four)).containsExactly(999, 749, 500, 250);
    assertThat(sigmas(four)).containsExactly(14.614647f, 4.081731f, 1.6182797f, 0.69579947f, 0f);
    assertThat(Fixtures.timesteps(dpm(dpmConfig(""), 20))).containsExactly(999, 949, 899, 849, 799, 749, 699, 649,
        599, 549, 500, 450, 400, 350, 300, 250, 200, 150, 100, 50);
    assertThat(four.initNoiseSigma()).isEqualTo(1f);
    assertThat(four.modelInputScale(0)).isEqualTo(1f);
  }

  @Test
  void leadingAndTrailingSpacingFollowTheSolverVariants() {
    SchedulePlan leading = dpm(dpmConfig(LEADING_OFFSET_1), 4);
    assertThat(Fixtures.timesteps(leading)).containsExactly(801, 601, 401, 201);
    assertThat(sigmas(leading)).containsExactly(5.1344333f, 2.2928548f, 1.1682165f, 0.5740507f, 0f);
    SchedulePlan trailing = dpm(dpmConfig("\"timestep_spacing\": \"trailing\""), 4);
    assertThat(Fixtures.timesteps(trailing)).containsExactly(999, 749, 499, 249);
  }

  @Test
  void lambdaMinClippedLowersTheLastTimestepForCosineSchedules() {
    // last = 1000 - searchsorted(flip(log(alpha_t) - log(sigma_t)), -5.1) = 996
    SchedulerConfig cosine = SchedulerConfig.parse("{\"beta_schedule\": \"squaredcos_cap_v2\", "
        + "\"lambda_min_clipped\": -5.1}", "cosine");
    assertThat(Fixtures.timesteps(dpm(cosine, 4))).containsExactly(995, 746, 498, 249);
  }

  @Test
  void karrasUsesTheFullTrainingSigmaRangeAndRoundsTimesteps() {
    SchedulePlan ten = karras(dpmConfig(""), 10);
    assertThat(Fixtures.timesteps(ten)).containsExactly(999, 916, 815, 687, 523, 327, 146, 41, 7, 0);
    assertThat(sigmas(ten)).startsWith(14.614647f, 9.102937f, 5.478401f).endsWith(0.08191105f, 0.029167533f, 0f);
    SchedulePlan five = karras(dpmConfig(""), 5);
    assertThat(Fixtures.timesteps(five)).containsExactly(999, 786, 427, 59, 0);
    assertThat(sigmas(five)).containsExactly(14.614647f, 4.796544f, 1.2741053f, 0.2479517f, 0.029167533f, 0f);
    assertThat(Fixtures.timesteps(karras(dpmConfig(""), 20))).containsExactly(999, 962, 921, 876, 827, 772, 710,
        640, 561, 474, 380, 285, 197, 123, 69, 35, 15, 6, 2, 0);
  }

  @Test
  void karrasSeesSigmaBoundsAnEulerConfigLeftAsHiddenKeys() {
    SchedulerConfig euler = Fixtures.stableDiffusion("EulerDiscreteScheduler",
        "\"sigma_min\": 0.1, \"sigma_max\": 10.0");
    SchedulePlan plan = karras(euler, 5);
    assertThat(sigmas(plan)).containsExactly(10f, 4.070104f, 1.4507321f, 0.4324528f, 0.1f, 0f);
    assertThat(Fixtures.timesteps(plan)).containsExactly(934, 748, 467, 140, 10);
  }

  @Test
  void firstStepIsFirstOrderThenSecondOrderAndAZeroFinalSigmaEndsFirstOrder() {
    SchedulePlan plan = dpm(dpmConfig(LEADING_OFFSET_1), 4);
    float[][] expected = {
        {0.93198323f, -2.2731595f, 3.3871396f, -0.31879503f},
        {1.3132406f, -3.6079216f, 4.8681555f, 0.15625459f},
        {1.5234481f, -4.8335285f, 5.9552727f, 0.59879345f},
        {1.4839443f, -5.6163745f, 6.2496486f, 1.1066282f}};
    for (int count = 1; count <= expected.length; count++) {
      assertThat(Fixtures.run(plan, count)).as("after %d steps", count).containsExactly(expected[count - 1]);
    }
    // a first-order second step would have given 1.3514738, -3.5696883, 4.9063888, 0.19448775
    assertThat(Fixtures.run(plan, 2)).doesNotContain(1.3514738f);
  }

  @Test
  void heunVariantAndVPredictionChangeTheUpdate() {
    SchedulerConfig heun = dpmConfig("\"solver_type\": \"heun\", \"timestep_spacing\": \"leading\", "
        + "\"steps_offset\": 1");
    assertThat(Fixtures.run(dpm(heun, 4), 4)).containsExactly(1.4689773f, -5.631341f, 6.234682f, 1.0916612f);
    SchedulerConfig v = dpmConfig("\"prediction_type\": \"v_prediction\", \"timestep_spacing\": \"leading\", "
        + "\"steps_offset\": 1");
    assertThat(Fixtures.run(dpm(v, 4), 4)).containsExactly(-0.02948147f, -0.99835706f, 0.48823482f, 0.39045915f);
  }

  @Test
  void sigmaMinFinalKeepsSecondOrderFromFifteenStepsUnlessEulerAtFinal() {
    String base = "\"final_sigmas_type\": \"sigma_min\", \"timestep_spacing\": \"leading\", \"steps_offset\": 1";
    assertThat(Fixtures.run(dpm(dpmConfig(base), 15), 15))
        .containsExactly(-0.37601373f, -13.785094f, 8.589947f, -0.96710485f);
    assertThat(Fixtures.run(dpm(dpmConfig(base + ", \"euler_at_final\": true"), 15), 15))
        .containsExactly(-0.2693352f, -13.678417f, 8.696624f, -0.86042666f);
  }

  @Test
  void lowerOrderFinalAppliesBelowFifteenSteps() {
    String base = "\"final_sigmas_type\": \"sigma_min\", \"timestep_spacing\": \"leading\", \"steps_offset\": 1";
    assertThat(Fixtures.run(dpm(dpmConfig(base), 14), 14))
        .containsExactly(-0.019345183f, -13.000767f, 8.662063f, -0.5965896f);
    assertThat(Fixtures.run(dpm(dpmConfig(base + ", \"lower_order_final\": false"), 14), 14))
        .containsExactly(-0.13123952f, -13.112659f, 8.55017f, -0.70848393f);
  }

  @Test
  void imageToImageNoisesWithAlphaAndSigmaOfTheFirstKeptStep() {
    SchedulePlan plan = Schedulers.create(SchedulerKind.DPMPP_2M_KARRAS, dpmConfig("")).plan(10, 0.6);
    assertThat(Fixtures.timesteps(plan)).containsExactly(523, 327, 146, 41, 7, 0);
    float[] noised = new float[4];
    plan.addNoise(Fixtures.SAMPLE, Fixtures.NOISE, noised);
    // alpha = 1 / sqrt(sigma^2 + 1), sigma_t = sigma * alpha: alpha * x + sigma_t * noise
    assertThat(noised).containsExactly(0.50858295f, -1.3148661f, 2.0343318f, -0.32878807f);
    assertThat(plan.description()).isEqualTo("DPM++ 2M Karras, 10 steps, strength 0.60");
  }
}
