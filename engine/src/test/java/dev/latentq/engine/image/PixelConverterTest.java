package dev.latentq.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PixelConverterTest {

  @Test
  void mapsTheEndsOfTheRangeToBlackAndWhite() {
    assertThat(PixelConverter.toUint8(-1f)).isZero();
    assertThat(PixelConverter.toUint8(1f)).isEqualTo(255);
  }

  @Test
  void mapsZeroToTheEvenNeighbourOfTheExactHalf() {
    // 0 -> 0.5 -> 127.5, which numpy's round sends to the even 128.
    assertThat(PixelConverter.toUint8(0f)).isEqualTo(128);
  }

  @Test
  void roundsExactHalvesToEven() {
    float toSixtyFourAndAHalf = Float.intBitsToFloat(0xbefcfcfd); // -0.49411765
    float toSixtyFiveAndAHalf = Float.intBitsToFloat(0xbef8f8f9); // -0.4862745

    assertThat((toSixtyFourAndAHalf * 0.5f + 0.5f) * 255f).isEqualTo(64.5f);
    assertThat(PixelConverter.toUint8(toSixtyFourAndAHalf)).isEqualTo(64);
    assertThat((toSixtyFiveAndAHalf * 0.5f + 0.5f) * 255f).isEqualTo(65.5f);
    assertThat(PixelConverter.toUint8(toSixtyFiveAndAHalf)).isEqualTo(66);
  }

  @Test
  void followsFloat32ArithmeticWhereDoubleWouldRoundTheOtherWay() {
    float x = Float.intBitsToFloat(0xbef8f8f9);

    assertThat(Math.rint(((double) x * 0.5 + 0.5) * 255)).isEqualTo(65.0);
    assertThat(PixelConverter.toUint8(x)).isEqualTo(66);
  }

  @Test
  void clampsValuesOutsideTheRangeIncludingInfinities() {
    assertThat(PixelConverter.toUint8(1.0001f)).isEqualTo(255);
    assertThat(PixelConverter.toUint8(7f)).isEqualTo(255);
    assertThat(PixelConverter.toUint8(Float.POSITIVE_INFINITY)).isEqualTo(255);
    assertThat(PixelConverter.toUint8(-1.5f)).isZero();
    assertThat(PixelConverter.toUint8(Float.NEGATIVE_INFINITY)).isZero();
  }

  @Test
  void mapsNanToZero() {
    assertThat(PixelConverter.toUint8(Float.NaN)).isZero();
    assertThat(PixelConverter.toUint8(Float.intBitsToFloat(0xffc00001))).isZero();
  }

  @Test
  void convertsTheRequestedImageOfAPlanarBatchToInterleavedRgb() {
    // Batch of two 2x1 images, planes R, G, B each; the second image is the interesting one.
    float[] batch = {
        0, 0, 0, 0, 0, 0,
        -1, 1, 0, 1, 1, -1,
    };

    RgbImage image = PixelConverter.toRgb(batch, 6, 2, 1);

    assertThat(image.width()).isEqualTo(2);
    assertThat(image.height()).isEqualTo(1);
    assertThat(image.rgb()).containsExactly(0, (byte) 128, (byte) 255, (byte) 255, (byte) 255, 0);
  }

  @Test
  void readsFloatBuffersFromTheirPositionWithoutMovingIt() {
    float[] values = new float[3 + 3 * 6];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i % 7) / 3f - 1f;
    }
    FloatBuffer direct = ByteBuffer.allocateDirect(4 * values.length).order(ByteOrder.nativeOrder())
        .asFloatBuffer().put(values);
    direct.position(3);

    RgbImage fromBuffer = PixelConverter.toRgb(direct, 3, 2);

    assertThat(fromBuffer).isEqualTo(PixelConverter.toRgb(values, 3, 3, 2));
    assertThat(direct.position()).isEqualTo(3);
  }

  @Test
  void bulkConversionAgreesWithTheScalarFormulaAcrossBlocks() {
    int width = 70;
    int height = 40; // 2800 pixels: more than one conversion block
    float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, Float.MIN_VALUE,
        -Float.MIN_VALUE, 1f, -1f, Math.nextUp(1f), Math.nextDown(-1f), Float.intBitsToFloat(0xbefcfcfd),
        Float.intBitsToFloat(0xbef8f8f9), Float.intBitsToFloat(0x7fc12345), Float.MAX_VALUE, -Float.MAX_VALUE};
    float[] tensor = new float[3 * width * height];
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < tensor.length; i++) {
      tensor[i] = i % 5 == 0 ? special[(i / 5) % special.length] : (float) (random.nextDouble() * 2.4 - 1.2);
    }
    FloatBuffer buffer = FloatBuffer.wrap(tensor);

    RgbImage fromArray = PixelConverter.toRgb(tensor, 0, width, height);

    int plane = width * height;
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        assertThat(fromArray.rgb()[3 * p + c] & 0xFF).isEqualTo(PixelConverter.toUint8(tensor[c * plane + p]));
      }
    }
    assertThat(PixelConverter.toRgb(buffer, width, height)).isEqualTo(fromArray);
  }

  @Test
  void rejectsTensorsTooShortForTheImage() {
    assertThatThrownBy(() -> PixelConverter.toRgb(new float[11], 0, 2, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void normalizesLikeDiffusersDividingBy255ThenDoublingInFloat32() {
    assertThat(PixelConverter.toUnit(0)).isEqualTo(-1f);
    assertThat(PixelConverter.toUnit(255)).isEqualTo(1f);
    // float32 2 * (128 / 255) - 1; computing 128 / 127.5 - 1 in double and narrowing would give 0x1.010102p-8.
    assertThat(PixelConverter.toUnit(128)).isEqualTo(0x1.0102p-8f);
  }

  @Test
  void everyByteValueSurvivesNormalizeThenDenormalize() {
    for (int v = 0; v < 256; v++) {
      assertThat(PixelConverter.toUint8(PixelConverter.toUnit(v))).as("value %d", v).isEqualTo(v);
    }
  }

  @Test
  void writesPlanarChannelsAtTheGivenOffset() {
    RgbImage image = new RgbImage(2, 1, new byte[] {0, (byte) 255, 0, (byte) 255, 0, (byte) 255});
    float[] batch = new float[2 + 6];

    PixelConverter.toModelInput(image, batch, 2);

    assertThat(batch).containsExactly(0, 0, -1, 1, 1, -1, -1, 1);
  }

  @Test
  void writesFloatBuffersLikeArrays() {
    RgbImage image = SyntheticImages.noise(5, 3, 8);
    FloatBuffer buffer = FloatBuffer.allocate(1 + 45);
    buffer.position(1);

    PixelConverter.toModelInput(image, buffer);

    float[] expected = PixelConverter.toModelInput(image);
    float[] written = new float[45];
    buffer.get(1, written);
    assertThat(written).containsExactly(expected);
    assertThat(buffer.position()).isEqualTo(1);
  }

  @Test
  void planarRoundTripReproducesTheImage() {
    RgbImage image = SyntheticImages.noise(7, 5, 3);

    assertThat(PixelConverter.toRgb(PixelConverter.toModelInput(image), 0, 7, 5)).isEqualTo(image);
  }
}
