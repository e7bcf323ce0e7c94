package dev.latentq.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.LongBuffer;
import org.junit.jupiter.api.Test;

/** The U-Net's timestep in each form exports declare it: element type, and scalar versus {@code [batch]}. */
class TimestepBufferTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  @Test
  void int64TruncatesTowardZeroLikeOptimum() throws OrtException {
    try (TimestepBuffer buffer = new TimestepBuffer(ENV, OnnxJavaType.INT64, false, 4)) {
      buffer.set(0, 999.9);
      buffer.set(1, 0.5);
      buffer.set(2, 1.0);
      buffer.set(3, 14.999999);

      LongBuffer values = buffer.view(4).getLongBuffer();

      assertThat(new long[] {values.get(0), values.get(1), values.get(2), values.get(3)})
          .containsExactly(999, 0, 1, 14);
    }
  }

  @Test
  void int32TruncatesTowardZeroToo() throws OrtException {
    try (TimestepBuffer buffer = new TimestepBuffer(ENV, OnnxJavaType.INT32, false, 2)) {
      buffer.set(0, 999.9);
      buffer.set(1, 0.5);

      assertThat(buffer.view(2).getIntBuffer().get(0)).isEqualTo(999);
      assertThat(buffer.view(2).getIntBuffer().get(1)).isZero();
    }
  }

  @Test
  void floatKeepsTheFractionalTimestep() throws OrtException {
    try (TimestepBuffer buffer = new TimestepBuffer(ENV, OnnxJavaType.FLOAT, false, 2)) {
      buffer.set(1, 999.9);

      assertThat(buffer.view(2).getFloatBuffer().get(1)).isEqualTo(999.9f);
    }
  }

  @Test
  void float16RoundsToTheNearestHalf() throws OrtException {
    try (TimestepBuffer buffer = new TimestepBuffer(ENV, OnnxJavaType.FLOAT16, false, 1)) {
      // halves are 0.5 apart between 512 and 1024
      buffer.set(0, 999.9);

      assertThat(Float.float16ToFloat(buffer.view(1).getShortBuffer().get(0))).isEqualTo(1000f);
    }
  }

  @Test
  void batchTimestepHasOneValuePerRowAndOneViewPerRowCount() throws OrtException {
    try (TimestepBuffer buffer = new TimestepBuffer(ENV, OnnxJavaType.FLOAT, false, 8)) {
      buffer.set(0, 981);
      buffer.set(1, 961);
      buffer.set(2, 1);

      OnnxTensor three = buffer.view(3);

      assertThat(buffer.isScalar()).isFalse();
      assertThat(three.getInfo().getShape()).containsExactly(3);
      assertThat(buffer.view(3)).isSameAs(three);
      assertThat(buffer.view(2).getInfo().getShape()).containsExactly(2);
      float[] values = new float[3];
      three.getFloatBuffer().get(values);
      assertThat(values).containsExactly(981f, 961f, 1f);
    }
  }

  @Test
  void scalarTimestepIsRankZeroWhateverTheRowCount() throws OrtException {
    try (TimestepBuffer buffer = new TimestepBuffer(ENV, OnnxJavaType.FLOAT, true, 8)) {
      buffer.set(0, 761.5);

      OnnxTensor forTwo = buffer.view(2);

      assertThat(buffer.isScalar()).isTrue();
      assertThat(forTwo.getInfo().getShape()).isEmpty();
      assertThat(forTwo.getValue()).isEqualTo(761.5f);
      assertThat(buffer.view(7)).isSameAs(forTwo);
    }
  }

  @Test
  void viewsAliasTheBufferSoEachStepOnlySetsValues() throws OrtException {
    try (TimestepBuffer buffer = new TimestepBuffer(ENV, OnnxJavaType.INT64, false, 2)) {
      OnnxTensor view = buffer.view(2);

      buffer.set(0, 501.7);
      buffer.set(1, 21.2);

      assertThat(view.getLongBuffer().get(0)).isEqualTo(501);
      assertThat(view.getLongBuffer().get(1)).isEqualTo(21);
    }
  }

  @Test
  void rejectsBatchViewsBeyondItsCapacity() {
    try (TimestepBuffer buffer = new TimestepBuffer(ENV, OnnxJavaType.INT64, false, 2)) {
      assertThatThrownBy(() -> buffer.view(3)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("rows 3 outside 1..2");
    }
  }

  @Test
  void rejectsTimestepTypesNoExportUses() {
    assertThatThrownBy(() -> new TimestepBuffer(ENV, OnnxJavaType.DOUBLE, false, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DOUBLE").hasMessageContaining("float32, float16, int64, int32");
  }
}
