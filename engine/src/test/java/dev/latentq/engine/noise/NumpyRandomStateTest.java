package dev.latentq.engine.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NumpyRandomStateTest {

  private static JsonNode vectors;

  @BeforeAll
  static void readVectors() throws IOException {
    vectors = new ObjectMapper().readTree(Path.of("../fixtures/vectors.json").toFile());
  }

  @Test
  void standardNormalMatchesNumpyToTheLastBitForSeed42() {
    NumpyRandomState random = new NumpyRandomState(42);
    for (JsonNode expected : vectors.get("numpy_randn_seed42_first16")) {
      assertThat(Double.doubleToRawLongBits(random.standardNormal()))
          .isEqualTo(Double.doubleToRawLongBits(expected.doubleValue()));
    }
  }

  @Test
  void acceptsTheLargestNumpySeed() {
    NumpyRandomState random = new NumpyRandomState(4_294_967_295L);
    for (JsonNode expected : vectors.get("numpy_randn_seed4294967295_first4")) {
      assertThat(random.standardNormal()).isEqualTo(expected.doubleValue());
    }
  }

  @Test
  void bulkNormalsAreRoundedToFloatInCOrderLikeAstypeFloat32() {
    JsonNode expected = vectors.get("numpy_randn_seed0_shape_1x4x2x2");
    float[] latents = new float[expected.size() + 2];
    new NumpyRandomState(0).standardNormal(latents, 1, expected.size());
    assertThat(latents[0]).isZero();
    assertThat(latents[latents.length - 1]).isZero();
    for (int i = 0; i < expected.size(); i++) {
      assertThat(latents[i + 1]).isEqualTo(expected.get(i).floatValue());
    }
  }

  @Test
  void bulkDrawsContinueTheStreamIncludingTheCachedSecondNormal() {
    float[] whole = new float[7];
    new NumpyRandomState(123).standardNormal(whole, 0, 7);
    float[] split = new float[7];
    NumpyRandomState random = new NumpyRandomState(123);
    random.standardNormal(split, 0, 3);
    split[3] = (float) random.standardNormal();
    random.standardNormal(split, 4, 3);
    assertThat(split).containsExactly(whole);
  }

  @Test
  void rawOutputsFollowMt19937InitGenrand() {
    // reference MT19937: init_genrand(5489) starts 3499211612, 581869302, 3890346734
    NumpyRandomState random = new NumpyRandomState(5489);
    assertThat(random.nextUnsignedInt()).isEqualTo(3_499_211_612L);
    assertThat(random.nextUnsignedInt()).isEqualTo(581_869_302L);
    assertThat(random.nextUnsignedInt()).isEqualTo(3_890_346_734L);
  }

  @Test
  void doublesUse53BitsLikeRandomSample() {
    // numpy: RandomState(42).random_sample(3)
    NumpyRandomState random = new NumpyRandomState(42);
    assertThat(random.nextDouble()).isEqualTo(0.3745401188473625);
    assertThat(random.nextDouble()).isEqualTo(0.9507143064099162);
    assertThat(random.nextDouble()).isEqualTo(0.7319939418114051);
  }

  @Test
  void rejectsSeedsOutsideNumpysRange() {
    assertThatThrownBy(() -> new NumpyRandomState(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 2^32)");
    assertThatThrownBy(() -> new NumpyRandomState(1L << 32))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4294967296");
  }

  @Test
  void rejectsABulkRangeOutsideTheArray() {
    assertThatThrownBy(() -> new NumpyRandomState(1).standardNormal(new float[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
