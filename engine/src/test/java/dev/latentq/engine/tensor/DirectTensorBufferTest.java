package dev.latentq.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Native float32/float16 U-Net buffers: exact conversions and tensor views that alias the buffer. */
class DirectTensorBufferTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  /** Values are written as float32 literals (hex floats are exact); bits are IEEE binary16. */
  @ParameterizedTest(name = "{0} -> 0x{1}")
  @CsvSource({
      "0x1.0p0,            3C00",
      // exactly halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1)
      "0x1.002p0,          3C00",
      // halfway between 1 + 2^-10 and 1 + 2^-9: ties go to the even mantissa (up)
      "0x1.006p0,          3C02",
      // a hair above the halfway point rounds up
      "0x1.00201p0,        3C01",
      "-0x1.006p0,         BC02",
      "65504,              7BFF",
      "65519,              7BFF",
      // halfway between the largest half (65504) and 65536, which does not exist: ties to even = infinity
      "65520,              7C00",
      "-65520,             FC00",
      "0x1.0p-14,          0400",
      // largest subnormal, exact
      "0x1.ff8p-15,        03FF",
      // smallest subnormal, exact
      "0x1.0p-24,          0001",
      // half the smallest subnormal: a tie between 0 and 2^-24, even is 0
      "0x1.0p-25,          0000",
      // 1.5 x 2^-24: a tie between 2^-24 and 2^-23, even is 2^-23
      "0x1.8p-24,          0002",
      "-0.0,               8000"})
  void float16RoundsToNearestEven(float value, String expectedHex) throws OrtException {
    short expected = (short) Integer.parseInt(expectedHex, 16);
    try (DirectTensorBuffer buffer = new DirectTensorBuffer(ENV, ElementType.FLOAT16, new long[] {2}, 1)) {
      buffer.write(0, 1, new float[] {value}, 0, 1);

      ShortBuffer bits = buffer.view(1).getShortBuffer();
      assertThat(Integer.toHexString(bits.get(1) & 0xFFFF)).isEqualTo(Integer.toHexString(expected & 0xFFFF));
      float[] back = new float[2];
      buffer.read(0, back, 0, 2);
      assertThat(back[1]).isEqualTo(Float.float16ToFloat(expected));
    }
  }

  @Test
  void float16KeepsNanAndReadsBackTheRoundedValue() throws OrtException {
    try (DirectTensorBuffer buffer = new DirectTensorBuffer(ENV, ElementType.FLOAT16, new long[] {3}, 1)) {
      buffer.write(0, 0, new float[] {Float.NaN, 0x1.006p0f, 100_000f}, 0, 3);
      float[] back = new float[3];

      buffer.read(0, back, 0, 3);

      assertThat(back[0]).isNaN();
      assertThat(back[1]).isEqualTo(0x1.008p0f);
      assertThat(back[2]).isEqualTo(Float.POSITIVE_INFINITY);
      assertThat(buffer.view(1).getInfo().type).isEqualTo(OnnxJavaType.FLOAT16);
    }
  }

  @Test
  void float32PassesEveryBitThrough() throws OrtException {
    float[] values = {0x1.000002p0f, Float.MIN_VALUE, -0.0f, Float.NaN, Float.MAX_VALUE, -3.5f};
    try (DirectTensorBuffer buffer = new DirectTensorBuffer(ENV, ElementType.FLOAT32, new long[] {6}, 2)) {
      buffer.write(1, 0, values, 0, values.length);

      FloatBuffer tensor = buffer.view(2).getFloatBuffer();
      float[] back = new float[6];
      buffer.read(1, back, 0, 6);
      for (int i = 0; i < values.length; i++) {
        int want = Float.floatToRawIntBits(values[i]);
        assertThat(Float.floatToRawIntBits(tensor.get(6 + i))).as("tensor element %d", i).isEqualTo(want);
        assertThat(Float.floatToRawIntBits(back[i])).as("read element %d", i).isEqualTo(want);
      }
    }
  }

  @Test
  void writesLandAtTheirRowAndOffset() throws OrtException {
    try (DirectTensorBuffer buffer = new DirectTensorBuffer(ENV, ElementType.FLOAT32, new long[] {2, 3}, 3)) {
      buffer.write(1, 2, new float[] {9f, 7f, 5f, 3f}, 1, 2);

      FloatBuffer all = buffer.view(3).getFloatBuffer();
      assertThat(buffer.rowElements()).isEqualTo(6);
      assertThat(all.get(6 + 2)).isEqualTo(7f);
      assertThat(all.get(6 + 3)).isEqualTo(5f);
      assertThat(all.get(6 + 1)).isZero();
      assertThat(all.get(6 + 4)).isZero();
    }
  }

  @Test
  void viewsAreCachedPerRowCountAndShapedBatchFirst() throws OrtException {
    try (DirectTensorBuffer buffer = new DirectTensorBuffer(ENV, ElementType.FLOAT32, new long[] {4, 2, 2}, 8)) {
      OnnxTensor two = buffer.view(2);

      assertThat(buffer.view(2)).isSameAs(two);
      assertThat(buffer.view(5)).isNotSameAs(two);
      assertThat(two.getInfo().getShape()).containsExactly(2, 4, 2, 2);
      assertThat(buffer.view(5).getInfo().getShape()).containsExactly(5, 4, 2, 2);
    }
  }

  @Test
  void viewsAliasTheBufferSoLaterWritesNeedNoNewTensor() throws OrtException {
    try (DirectTensorBuffer buffer = new DirectTensorBuffer(ENV, ElementType.FLOAT16, new long[] {2}, 2)) {
      OnnxTensor view = buffer.view(2);

      buffer.write(1, 0, new float[] {0.5f, -2f}, 0, 2);

      ShortBuffer bits = view.getShortBuffer();
      assertThat(Float.float16ToFloat(bits.get(2))).isEqualTo(0.5f);
      assertThat(Float.float16ToFloat(bits.get(3))).isEqualTo(-2f);
    }
  }

  @Test
  void scalarViewIsRankZeroOverTheFirstElement() throws OrtException {
    try (DirectTensorBuffer buffer = new DirectTensorBuffer(ENV, ElementType.FLOAT32, new long[0], 1)) {
      buffer.write(0, 0, new float[] {981f}, 0, 1);

      OnnxTensor scalar = buffer.scalar();

      assertThat(scalar.getInfo().getShape()).isEmpty();
      assertThat(scalar.getValue()).isEqualTo(981f);
      assertThat(buffer.scalar()).isSameAs(scalar);
      assertThat(buffer.view(1)).isNotSameAs(scalar);
    }
  }

  @Test
  void rejectsViewsBeyondItsRows() {
    try (DirectTensorBuffer buffer = new DirectTensorBuffer(ENV, ElementType.FLOAT32, new long[] {4}, 3)) {
      assertThatThrownBy(() -> buffer.view(4)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("rows 4 outside 1..3");
      assertThatThrownBy(() -> buffer.view(0)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
