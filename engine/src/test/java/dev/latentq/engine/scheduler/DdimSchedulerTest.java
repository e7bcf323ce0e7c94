package dev.latentq.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected values re-derived with numpy from diffusers' DDIMScheduler.set_timesteps / step (eta = 0). */
class DdimSchedulerTest {

  private static SchedulerConfig spacing(String spacing, int offset) {
    return Fixtures.stableDiffusion("DDIMScheduler",
        "\"timestep_spacing\": \"" + spacing + "\", \"steps_offset\": " + offset);
  }

  private static SchedulePlan ddim(SchedulerConfig config, int steps) {
    return Fixtures.plan(SchedulerKind.DDIM, config, steps);
  }

  @Test
  void leadingSpacingAddsStepsOffset() {
    // (arange(N) * (1000 // N))[::-1] + steps_offset
    assertThat(Fixtures.timesteps(ddim(spacing("leading", 1), 4))).containsExactly(751, 501, 251, 1);
    double[] thirty = Fixtures.timesteps(ddim(spacing("leading", 1), 30));
    assertThat(thirty).hasSize(30).startsWith(958, 925, 892, 859).endsWith(34, 1);
  }

  @Test
  void trailingSpacingCountsDownFromTheLastTrainingStep() {
    // round(arange(1000, 0, -1000 / N)) - 1
    assertThat(Fixtures.timesteps(ddim(spacing("trailing", 0), 4))).containsExactly(999, 749, 499, 249);
    double[] thirty = Fixtures.timesteps(ddim(spacing("trailing", 0), 30));
    assertThat(thirty).hasSize(30).startsWith(999, 966, 932, 899).endsWith(66, 32);
    assertThat(Fixtures.timesteps(ddim(spacing("trailing", 0), 1))).containsExactly(999);
  }

  @Test
  void trailingSpacingKeepsNumpysExtraTimestepWhenArangeOvershoots() {
    // numpy's arange(1000, 0, -1000/61) has 62 elements; the last rounds to 0 and becomes -1 (diffusers quirk)
    double[] timesteps = Fixtures.timesteps(ddim(spacing("trailing", 0), 61));
    assertThat(timesteps).hasSize(62).endsWith(32, 15, -1);
  }

  @Test
  void linspaceSpacingRoundsHalfToEven() {
    // round(linspace(0, 999, N))[::-1]
    assertThat(Fixtures.timesteps(ddim(spacing("linspace", 0), 4))).containsExactly(999, 666, 333, 0);
    assertThat(Fixtures.timesteps(ddim(spacing("linspace", 0), 1))).containsExactly(0);
  }

  @Test
  void modelInputIsUnscaledAndStartingNoiseIsUnit() {
    SchedulePlan plan = ddim(Fixtures.shapesSd(), 20);
    assertThat(plan.modelInputScale(3)).isEqualTo(1f);
    assertThat(plan.initNoiseSigma()).isEqualTo(1f);
    assertThat(plan.needsNoise(0)).isFalse();
    float[] out = new float[6];
    plan.scaleModelInput(0, Fixtures.SAMPLE, out, 1);
    assertThat(out).containsExactly(0f, 0.5f, -1.25f, 2.0f, -0.75f, 0f);
  }

  @Test
  void epsilonStepMovesToThePreviousTimestep() {
    // x0 = (x - sqrt(1 - a751) * eps) / sqrt(a751); x_prev = sqrt(a501) * x0 + sqrt(1 - a501) * eps
    SchedulePlan plan = ddim(Fixtures.shapesSd(), 4);
    assertThat(Fixtures.stepOnce(plan, Fixtures.OUTPUT, null))
        .containsExactly(0.9800608f, -2.384785f, 3.5280411f, -0.22811788f);
  }

  @Test
  void vPredictionStepUsesTheVelocityParameterisation() {
    // x0 = sqrt(a) x - sqrt(1 - a) v; eps = sqrt(a) v + sqrt(1 - a) x (tiny-sd2v config)
    SchedulePlan plan = ddim(Fixtures.model("tiny-sd2v"), 4);
    assertThat(Fixtures.stepOnce(plan, Fixtures.OUTPUT, null))
        .containsExactly(0.44473702f, -1.0964128f, 1.6863693f, -0.3739394f);
  }

  @Test
  void samplePredictionDerivesEpsilonBeforeClipping() {
    SchedulerConfig plain = Fixtures.stableDiffusion("DDIMScheduler", "\"prediction_type\": \"sample\", "
        + "\"steps_offset\": 1, \"set_alpha_to_one\": false, \"clip_sample\": false");
    assertThat(Fixtures.stepOnce(ddim(plain, 4), Fixtures.OUTPUT, null))
        .containsExactly(0.46987262f, -1.19056f, 1.9747615f, -1.0065005f);
    SchedulerConfig clipped = Fixtures.stableDiffusion("DDIMScheduler", "\"prediction_type\": \"sample\", "
        + "\"steps_offset\": 1, \"set_alpha_to_one\": false");
    assertThat(Fixtures.stepOnce(ddim(clipped, 4), new float[] {1.5f, -2.0f, 0.3f, 0.9f}, null))
        .containsExactly(0.6522691f, -1.2060258f, 1.8477334f, -0.3713603f);
  }

  @Test
  void clipSampleFromTheDdimDefaultClampsThePredictedOriginal() {
    float[] loud = {3.0f, -3.0f, 0.2f, 0.1f};
    // tiny-sd15 is a PNDM config without clip_sample, so DDIM's default clip_sample=True applies
    SchedulePlan clipping = ddim(Fixtures.model("tiny-sd15"), 4);
    SampleState state = clipping.newState(4);
    float[] sample = loud.clone();
    clipping.step(state, 0, Fixtures.OUTPUT, sample, null);
    assertThat(sample).containsExactly(0.60955036f, -0.77984434f, 0.07162565f, -0.41221368f);
    float[] unclipped = loud.clone();
    SchedulePlan plain = ddim(Fixtures.shapesSd(), 4);
    plain.step(plain.newState(4), 0, Fixtures.OUTPUT, unclipped, null);
    assertThat(unclipped).containsExactly(6.534035f, -6.2725673f, -0.47082037f, 1.6602334f);
  }

  @Test
  void lastStepWithAlphaSetToOneReturnsThePredictedOriginal() {
    SchedulePlan plan = ddim(Fixtures.stableDiffusion("DDIMScheduler", "\"steps_offset\": 1, \"clip_sample\": false"),
        4);
    float[] sample = Fixtures.SAMPLE.clone();
    SampleState state = plan.newState(4);
    for (int i = 0; i < 3; i++) {
      plan.step(state, i, Fixtures.OUTPUT, new float[] {0.5f, -1.25f, 2.0f, -0.75f}, null);
    }
    plan.step(state, 3, Fixtures.OUTPUT, sample, null);
    // t = 1, prev = -249 < 0 so alpha_prev = 1: x_prev = x0 = (x - sqrt(1 - a1) eps) / sqrt(a1)
    assertThat(sample).containsExactly(0.4962951f, -1.238672f, 1.972786f, -0.7051939f);
  }

  @Test
  void imageToImageStartsPartWayAndNoisesAtTheFirstTimestep() {
    SchedulePlan plan = Schedulers.create(SchedulerKind.DDIM, Fixtures.shapesSd()).plan(4, 0.5);
    assertThat(Fixtures.timesteps(plan)).containsExactly(251, 1);
    float[] noised = new float[4];
    plan.addNoise(Fixtures.SAMPLE, Fixtures.NOISE, noised);
    // sqrt(a251) * x + sqrt(1 - a251) * noise
    assertThat(noised).containsExactly(0.5816984f, -1.482875f, 2.3267937f, -0.5862571f);
    assertThat(plan.description()).isEqualTo("DDIM, 4 steps, strength 0.50");
  }
}
