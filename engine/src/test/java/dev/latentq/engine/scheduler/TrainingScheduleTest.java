package dev.latentq.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expected values: betas = torch.linspace(float32 step, two halves), alphas_cumprod = cumprod with a double
 * accumulator rounded to float32 per prefix, re-derived with numpy.
 */
class TrainingScheduleTest {

  private static TrainingSchedule schedule(String members, boolean clampLast) {
    SchedulerConfig config = SchedulerConfig.parse("{" + members + "}", "test");
    return TrainingSchedule.from(SchedulerSettings.resolve(SchedulerKind.DDIM, config, Map.of()), clampLast);
  }

  @Test
  void scaledLinearBetasAreSquaresOfAFloat32Linspace() {
    float[] betas = TrainingSchedule.torchLinspace(Math.sqrt(0.00085), Math.sqrt(0.012), 1000);
    assertThat(betas[0] * betas[0]).isEqualTo(0.00084999995f);
    assertThat(betas[1] * betas[1]).isEqualTo(0.0008546986f);
    assertThat(betas[500] * betas[500]).isEqualTo(0.0048149535f);
    assertThat(betas[999] * betas[999]).isEqualTo(0.011999999f);
  }

  @Test
  void stableDiffusionCumulativeAlphasMatchTorch() {
    TrainingSchedule schedule = schedule("\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085, "
        + "\"beta_end\": 0.012", false);
    assertThat(schedule.alphaCumprod(0)).isEqualTo(0.99915f);
    assertThat(schedule.alphaCumprod(1)).isEqualTo(0.998296f);
    assertThat(schedule.alphaCumprod(499)).isEqualTo(0.27766943f);
    assertThat(schedule.alphaCumprod(998)).isEqualTo(0.0047166958f);
    assertThat(schedule.alphaCumprod(999)).isEqualTo(0.004660095f);
  }

  @Test
  void negativeTimestepsWrapAroundLikePythonIndexing() {
    TrainingSchedule schedule = schedule("\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085, "
        + "\"beta_end\": 0.012", false);
    assertThat(schedule.alphaCumprod(-1)).isEqualTo(schedule.alphaCumprod(999));
  }

  @Test
  void linearAndCosineSchedulesMatchDiffusers() {
    TrainingSchedule linear = schedule("\"beta_schedule\": \"linear\"", false);
    assertThat(linear.alphaCumprod(0)).isEqualTo(0.9999f);
    assertThat(linear.alphaCumprod(500)).isEqualTo(0.07779666f);
    assertThat(linear.alphaCumprod(999)).isEqualTo(4.0358307e-05f);
    // betas_for_alpha_bar: min(1 - abar(t2) / abar(t1), 0.999) with abar = cos((t + 0.008) / 1.008 * pi / 2)^2
    TrainingSchedule cosine = schedule("\"beta_schedule\": \"squaredcos_cap_v2\"", false);
    assertThat(cosine.alphaCumprod(0)).isEqualTo(0.9999587f);
    assertThat(cosine.alphaCumprod(500)).isEqualTo(0.49228504f);
    assertThat(cosine.alphaCumprod(999)).isEqualTo(2.428735e-09f);
    assertThat(cosine.cosineBetas()).isTrue();
  }

  @Test
  void zeroTerminalSnrRescaleEndsAtZeroOrAtTwoToTheMinus24() {
    String members = "\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085, \"beta_end\": 0.012, "
        + "\"rescale_betas_zero_snr\": true";
    TrainingSchedule ddim = schedule(members, false);
    assertThat(ddim.alphaCumprod(0)).isEqualTo(0.99915f);
    assertThat(ddim.alphaCumprod(500)).isEqualTo(0.24101853f);
    assertThat(ddim.alphaCumprod(998)).isEqualTo(1.9679628e-07f);
    assertThat(ddim.alphaCumprod(999)).isZero();
    assertThat(schedule(members, true).alphaCumprod(999)).isEqualTo(0x1p-24f);
  }

  @Test
  void trainedBetasReplaceTheNamedSchedule() {
    TrainingSchedule schedule = schedule("\"num_train_timesteps\": 3, \"trained_betas\": [0.5, 0.5, 0.5], "
        + "\"beta_schedule\": \"unknown-but-ignored\"", false);
    assertThat(schedule.alphasCumprod()).containsExactly(0.5f, 0.25f, 0.125f);
  }
}
