package dev.latentq.engine.tensor;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * The U-Net's {@code timestep} input in whatever form the export declares: float32, float16, int64 or int32,
 * rank 1 ({@code [batch]}) or rank 0 (a scalar shared by the whole call).
 *
 * <p>Integer timesteps receive the scheduler's value truncated toward zero, which is what Optimum's runtime
 * does with fractional Euler/DPM timesteps. Not thread-safe: owned by one engine thread.
 */
public final class TimestepBuffer implements AutoCloseable {
  private final OrtEnvironment env;
  private final OnnxJavaType type;
  private final boolean scalar;
  private final int capacity;
  private final ByteBuffer bytes;
  private final Map<Integer, OnnxTensor> views = new HashMap<>();

  public TimestepBuffer(OrtEnvironment env, OnnxJavaType type, boolean scalar, int capacity) {
    this.env = env;
    this.type = type;
    this.scalar = scalar;
    this.capacity = scalar ? 1 : capacity;
    int width = switch (type) {
      case FLOAT, INT32 -> 4;
      case FLOAT16 -> 2;
      case INT64 -> 8;
      default -> throw new IllegalArgumentException(
          "U-Net input 'timestep' has element type " + type + "; supported: float32, float16, int64, int32");
    };
    this.bytes = ByteBuffer.allocateDirect(width * this.capacity).order(ByteOrder.nativeOrder());
  }

  /** True when the model takes one timestep per call rather than one per sample. */
  public boolean isScalar() {
    return scalar;
  }

  /** Sets the timestep of row {@code row} (row 0 for a scalar timestep). */
  public void set(int row, double timestep) {
    switch (type) {
      case FLOAT -> bytes.putFloat(row * 4, (float) timestep);
      case FLOAT16 -> bytes.putShort(row * 2, Float.floatToFloat16((float) timestep));
      case INT64 -> bytes.putLong(row * 8, (long) timestep);
      case INT32 -> bytes.putInt(row * 4, (int) timestep);
      default -> throw new IllegalStateException(type.toString());
    }
  }

  /** The tensor to feed for a call of {@code rows} rows. */
  public OnnxTensor view(int rows) throws OrtException {
    int key = scalar ? 0 : rows;
    OnnxTensor cached = views.get(key);
    if (cached == null) {
      if (!scalar && (rows < 1 || rows > capacity)) {
        throw new IllegalArgumentException("rows " + rows + " outside 1.." + capacity);
      }
      long[] shape = scalar ? new long[0] : new long[] {rows};
      ByteBuffer slice = bytes.slice(0, (scalar ? 1 : rows) * (bytes.capacity() / capacity))
          .order(ByteOrder.nativeOrder());
      cached = OnnxTensor.createTensor(env, slice, shape, type);
      views.put(key, cached);
    }
    return cached;
  }

  @Override
  public void close() {
    views.values().forEach(OnnxTensor::close);
    views.clear();
  }
}
