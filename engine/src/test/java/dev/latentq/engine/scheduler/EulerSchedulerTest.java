package dev.latentq.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Expected values re-derived with numpy from diffusers' EulerDiscreteScheduler: float32 timesteps, sigmas =
 * np.interp(t, arange(1000), ((1 - abar) / abar) ** 0.5) then float32, Karras rho = 7 with _sigma_to_t.
 */
class EulerSchedulerTest {

  private static SchedulePlan euler(SchedulerConfig config, int steps) {
    return Fixtures.plan(SchedulerKind.EULER, config, steps);
  }

  private static float[] sigmas(SchedulePlan plan) {
    return ((SigmaPlan) plan).sigmas();
  }

  @Test
  void linspaceKeepsFractionalFloat32Timesteps() {
    SchedulePlan plan = euler(Fixtures.stableDiffusion("EulerDiscreteScheduler", ""), 20);
    assertThat(Fixtures.timesteps(plan)).hasSize(20).startsWith(999f, 946.4211f, 893.8421f).endsWith(52.57895f, 0f);
    assertThat(sigmas(plan)).hasSize(21).startsWith(14.614647f, 10.74685f).endsWith(0.029167533f, 0f);
    assertThat(plan.initNoiseSigma()).isEqualTo(14.614647f);
  }

  @Test
  void singleLinspaceStepStartsAtTimestepZero() {
    SchedulePlan plan = euler(Fixtures.stableDiffusion("EulerDiscreteScheduler", ""), 1);
    assertThat(Fixtures.timesteps(plan)).containsExactly(0);
    assertThat(sigmas(plan)).containsExactly(0.029167533f, 0f);
  }

  @Test
  void leadingSpacingScalesTheStartingNoiseBySqrtSigmaSquaredPlusOne() {
    SchedulePlan plan = euler(Fixtures.model("tiny-sdxl"), 12);
    assertThat(Fixtures.timesteps(plan)).containsExactly(914, 831, 748, 665, 582, 499, 416, 333, 250, 167, 84, 1);
    assertThat(sigmas(plan)).startsWith(8.991741f, 5.906451f).endsWith(0.04131448f, 0f);
    assertThat(plan.initNoiseSigma()).isEqualTo(9.047177f);
  }

  @Test
  void trailingSpacingOfTurboStartsAtTheLastTrainingStep() {
    SchedulePlan plan = euler(Fixtures.model("tiny-turbo"), 4);
    assertThat(Fixtures.timesteps(plan)).containsExactly(999, 749, 499, 249);
    assertThat(sigmas(plan)).containsExactly(14.614647f, 4.081731f, 1.612887f, 0.6932054f, 0f);
    assertThat(plan.initNoiseSigma()).isEqualTo(14.614647f);
  }

  @Test
  void karrasSigmasGiveFractionalTimestepsFromLogSigmaInterpolation() {
    SchedulerConfig config = Fixtures.stableDiffusion("EulerDiscreteScheduler", "\"use_karras_sigmas\": true");
    SchedulePlan plan = euler(config, 10);
    assertThat(Fixtures.timesteps(plan)).containsExactly(999f, 916.28406f, 815.045f, 687.15326f, 523.199f,
        327.14725f, 145.93903f, 40.856865f, 6.7324076f, 0f);
    assertThat(sigmas(plan)).containsExactly(14.614647f, 9.102937f, 5.478401f, 3.168611f, 1.7494231f, 0.9140765f,
        0.4469209f, 0.20139986f, 0.08191105f, 0.029167533f, 0f);
  }

  @Test
  void karrasHonoursConfiguredSigmaMinAndMax() {
    SchedulerConfig config = Fixtures.stableDiffusion("EulerDiscreteScheduler",
        "\"use_karras_sigmas\": true, \"sigma_min\": 0.1, \"sigma_max\": 10.0");
    SchedulePlan plan = euler(config, 5);
    assertThat(sigmas(plan)).containsExactly(10f, 4.070104f, 1.4507321f, 0.4324528f, 0.1f, 0f);
    assertThat(Fixtures.timesteps(plan)).containsExactly(933.5067f, 748.32983f, 467.0379f, 139.50237f, 10.382169f);
  }

  @Test
  void sigmaMinFinalTypeEndsOnTheSmallestTrainingSigma() {
    SchedulerConfig config = Fixtures.stableDiffusion("EulerDiscreteScheduler",
        "\"timestep_spacing\": \"leading\", \"steps_offset\": 1, \"final_sigmas_type\": \"sigma_min\"");
    assertThat(sigmas(euler(config, 4))).containsExactly(4.1166983f, 1.623693f, 0.6983986f, 0.04131448f,
        0.029167533f);
  }

  @Test
  void logLinearInterpolationKeepsOneSigmaMoreThanTimestepsLikeDiffusers() {
    // exp(torch.linspace(log sigma_max, log sigma_min, N + 1)) then the final zero: the last step stops at sigma_min
    SchedulerConfig config = Fixtures.stableDiffusion("EulerDiscreteScheduler",
        "\"interpolation_type\": \"log_linear\"");
    SchedulePlan plan = euler(config, 3);
    assertThat(plan.length()).isEqualTo(3);
    assertThat(sigmas(plan)).containsExactly(14.614647f, 1.8400323f, 0.23166616f, 0.029167537f, 0f);
  }

  @Test
  void continuousVPredictionTimestepsAreAQuarterOfLogSigma() {
    SchedulerConfig config = Fixtures.stableDiffusion("EulerDiscreteScheduler",
        "\"timestep_type\": \"continuous\", \"prediction_type\": \"v_prediction\"");
    assertThat(Fixtures.timesteps(euler(config, 3))).containsExactly(0.67050606f, 0.11992404f, -0.88367474f);
  }

  @Test
  void modelInputIsDividedBySqrtOfSigmaSquaredPlusOne() {
    SchedulePlan plan = euler(Fixtures.model("tiny-sdxl"), 12);
    float[] scaled = new float[4];
    plan.scaleModelInput(0, Fixtures.SAMPLE, scaled, 0);
    assertThat(scaled).containsExactly(0.055265855f, -0.13816464f, 0.22106342f, -0.08289878f);
    assertThat(plan.modelInputScale(0)).isEqualTo(0.11053171f);
  }

  @Test
  void stepFollowsTheOdeDerivativeForEachPrediction() {
    // x0 from the prediction; x_next = x + (x - x0) / sigma * (sigma_next - sigma)
    SchedulePlan epsilon = euler(Fixtures.model("tiny-sdxl"), 12);
    assertThat(Fixtures.stepOnce(epsilon, Fixtures.OUTPUT, null))
        .containsExactly(0.19147101f, -0.324413f, -0.15970302f, 2.643819f);
    SchedulerConfig v = Fixtures.stableDiffusion("EulerDiscreteScheduler",
        "\"timestep_spacing\": \"leading\", \"steps_offset\": 1, \"prediction_type\": \"v_prediction\"");
    assertThat(Fixtures.stepOnce(euler(v, 12), Fixtures.OUTPUT, null))
        .containsExactly(0.29643136f, -0.7240273f, 1.0834187f, -0.12067574f);
    SchedulerConfig sample = Fixtures.stableDiffusion("EulerDiscreteScheduler",
        "\"timestep_spacing\": \"leading\", \"steps_offset\": 1, \"prediction_type\": \"sample\"");
    assertThat(Fixtures.stepOnce(euler(sample, 12), Fixtures.OUTPUT, null))
        .containsExactly(0.36275005f, -0.9240314f, 1.5539377f, -0.8700937f);
  }

  @Test
  void imageToImageBeginsAtTheSkippedSigmaIndex() {
    SchedulePlan plan = Schedulers.create(SchedulerKind.EULER, Fixtures.model("tiny-sdxl")).plan(12, 0.5);
    assertThat(plan.length()).isEqualTo(6);
    assertThat(plan.timestep(0)).isEqualTo(416);
    float[] noised = new float[4];
    plan.addNoise(Fixtures.SAMPLE, Fixtures.NOISE, noised);
    // x + noise * sigmas[6]
    assertThat(noised).containsExactly(0.86811906f, -2.2316508f, 3.4724762f, -0.6886468f);
    assertThat(Fixtures.stepOnce(plan, Fixtures.OUTPUT, null))
        .containsExactly(0.47052947f, -1.1615884f, 1.7937064f, -0.42582425f);
  }
}
