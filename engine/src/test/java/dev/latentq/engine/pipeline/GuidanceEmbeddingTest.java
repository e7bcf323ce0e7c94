package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.scheduler.SchedulerKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LCM's {@code timestep_cond}: the sinusoidal embedding of {@code w = (g - 1) * 1000}, half sines then half
 * cosines, frequency {@code 10000^(-k / (half - 1))}. Expected values are worked out by hand for g = 8.5
 * (w = 7500) and width 32 (half = 16).
 */
class GuidanceEmbeddingTest {
  private static final float[] EMBEDDING = GuidanceEmbedding.of(8.5, 32);

  @Test
  void firstFrequencyIsOneSoTheAngleIsWItself() {
    // 7500 rad = 1193 turns + 4.1599 rad
    assertThat(EMBEDDING[0]).isCloseTo(-0.851236f, within(1e-6f));
    assertThat(EMBEDDING[16]).isCloseTo(-0.524783f, within(1e-6f));
  }

  @Test
  void lastFrequencyIsOneTenThousandthSoTheAngleIsThreeQuarters() {
    // 7500 * 10000^(-15/15) = 0.75
    assertThat(EMBEDDING[15]).isCloseTo(0.681639f, within(1e-6f));
    assertThat(EMBEDDING[31]).isCloseTo(0.731689f, within(1e-6f));
  }

  @Test
  void middleFrequencyFollowsTheGeometricLadder() {
    // k = 5: 7500 * 10000^(-1/3) = 348.1192 rad; a float32 angle there is only good to ~3e-5 rad, as in PyTorch,
    // so the expected values are those of the float32 angle (0.562671, -0.826681), within that precision.
    assertThat(EMBEDDING[5]).isCloseTo(0.562671f, within(5e-5f));
    assertThat(EMBEDDING[21]).isCloseTo(-0.826681f, within(5e-5f));
  }

  @Test
  void everySinePairsWithItsCosine() {
    for (int k = 0; k < 16; k++) {
      double norm = EMBEDDING[k] * EMBEDDING[k] + EMBEDDING[16 + k] * EMBEDDING[16 + k];
      assertThat(norm).as("sin^2 + cos^2 at k=%d", k).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void guidanceOneEmbedsZeroAngles() {
    float[] neutral = GuidanceEmbedding.of(1.0, 8);

    assertThat(neutral).containsExactly(0f, 0f, 0f, 0f, 1f, 1f, 1f, 1f);
  }

  @Test
  void oddWidthIsZeroPadded() {
    float[] odd = GuidanceEmbedding.of(8.5, 33);

    assertThat(odd).hasSize(33);
    assertThat(odd[32]).isZero();
    assertThat(odd[0]).isEqualTo(EMBEDDING[0]);
  }

  @Test
  void rejectsWidthsTooSmallForTwoFrequencies() {
    assertThatThrownBy(() -> GuidanceEmbedding.of(8.5, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width must be >= 4");
  }

  @Test
  void lcmSamplesCarryTheEmbeddingInsteadOfAGuidancePass() throws Exception {
    try (DiffusionModel lcm = DiffusionModel.load(Path.of("../fixtures/tiny-lcm"), RuntimeOptions.cpu())) {
      List<Sample> samples = lcm.prepare(GenerationRequest.builder("a cabin").seed(21).steps(4).guidanceScale(8.5)
          .scheduler(SchedulerKind.LCM).size(64, 64).build(), "lcm");

      Conditioning conditioning = samples.get(0).conditioning();
      assertThat(lcm.embedsGuidance()).isTrue();
      assertThat(conditioning.guided()).as("no unconditional row").isFalse();
      assertThat(conditioning.positive().timestepCond()).containsExactly(EMBEDDING);
    }
  }
}
