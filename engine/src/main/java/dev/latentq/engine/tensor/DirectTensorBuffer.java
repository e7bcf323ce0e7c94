package dev.latentq.engine.tensor;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * A native-memory float32 or float16 buffer that ONNX Runtime reads and writes in place.
 *
 * <p>ONNX Runtime wraps a direct, native-order buffer without copying it, so one allocation serves every
 * step: callers overwrite rows between runs and reuse the cached {@link OnnxTensor} views, one per leading
 * dimension. Values cross the boundary as float; float16 storage converts with round-to-nearest-even
 * ({@link Float#floatToFloat16}), as PyTorch's {@code .half()} does. Not thread-safe: owned by one engine
 * thread.
 */
public final class DirectTensorBuffer implements AutoCloseable {
  private final OrtEnvironment env;
  private final ElementType type;
  private final long[] innerShape;
  private final int rowElements;
  private final int capacityRows;
  private final ByteBuffer bytes;
  private final FloatBuffer floats;
  private final ShortBuffer halves;
  private final Map<Integer, OnnxTensor> views = new HashMap<>();
  private short[] halfScratch = new short[0];

  /**
   * @param innerShape dimensions after the leading (batch) one; empty for a rank-1 tensor, or for a scalar
   *     when {@code capacityRows} is 1 and {@link #scalar()} is used
   */
  public DirectTensorBuffer(OrtEnvironment env, ElementType type, long[] innerShape, int capacityRows) {
    this.env = env;
    this.type = type;
    this.innerShape = innerShape.clone();
    long elements = 1;
    for (long d : innerShape) {
      elements *= d;
    }
    if (elements > Integer.MAX_VALUE / 8 || capacityRows < 1) {
      throw new IllegalArgumentException("tensor row of " + elements + " elements x " + capacityRows + " rows");
    }
    this.rowElements = (int) elements;
    this.capacityRows = capacityRows;
    this.bytes = ByteBuffer.allocateDirect(rowElements * capacityRows * type.bytes()).order(ByteOrder.nativeOrder());
    this.floats = type == ElementType.FLOAT32 ? bytes.asFloatBuffer() : null;
    this.halves = type == ElementType.FLOAT16 ? bytes.asShortBuffer() : null;
  }

  public ElementType type() {
    return type;
  }

  public int rowElements() {
    return rowElements;
  }

  public int capacityRows() {
    return capacityRows;
  }

  /** Writes {@code length} values into row {@code row} starting at element {@code offsetInRow}. */
  public void write(int row, int offsetInRow, float[] src, int srcOffset, int length) {
    int base = row * rowElements + offsetInRow;
    if (floats != null) {
      floats.put(base, src, srcOffset, length);
    } else {
      short[] converted = halfScratch(length);
      // A plain array loop the JIT turns into vector float16 conversions; then one bulk copy.
      for (int i = 0; i < length; i++) {
        converted[i] = Float.floatToFloat16(src[srcOffset + i]);
      }
      halves.put(base, converted, 0, length);
    }
  }

  /** Copies row {@code from} onto row {@code to} (e.g. the same latents for both guidance rows). */
  public void copyRow(int from, int to) {
    int rowBytes = rowElements * type.bytes();
    bytes.put(to * rowBytes, bytes, from * rowBytes, rowBytes);
  }

  /** Reads {@code length} values of row {@code row} into {@code dst}. */
  public void read(int row, float[] dst, int dstOffset, int length) {
    int base = row * rowElements;
    if (floats != null) {
      floats.get(base, dst, dstOffset, length);
    } else {
      short[] raw = halfScratch(length);
      halves.get(base, raw, 0, length);
      for (int i = 0; i < length; i++) {
        dst[dstOffset + i] = Float.float16ToFloat(raw[i]);
      }
    }
  }

  private short[] halfScratch(int length) {
    if (halfScratch.length < length) {
      halfScratch = new short[length];
    }
    return halfScratch;
  }

  /** A tensor of shape {@code [rows, innerShape...]} over the first rows of this buffer (cached). */
  public OnnxTensor view(int rows) throws OrtException {
    if (rows < 1 || rows > capacityRows) {
      throw new IllegalArgumentException("rows " + rows + " outside 1.." + capacityRows);
    }
    OnnxTensor cached = views.get(rows);
    if (cached == null) {
      long[] shape = new long[innerShape.length + 1];
      shape[0] = rows;
      System.arraycopy(innerShape, 0, shape, 1, innerShape.length);
      cached = create(shape, rows);
      views.put(rows, cached);
    }
    return cached;
  }

  /** A rank-0 tensor over the first element (for U-Nets whose timestep is a scalar). */
  public OnnxTensor scalar() throws OrtException {
    OnnxTensor cached = views.get(0);
    if (cached == null) {
      cached = create(new long[0], 1);
      views.put(0, cached);
    }
    return cached;
  }

  private OnnxTensor create(long[] shape, int rows) throws OrtException {
    ByteBuffer slice = bytes.slice(0, rows * rowElements * type.bytes()).order(ByteOrder.nativeOrder());
    return type == ElementType.FLOAT32
        ? OnnxTensor.createTensor(env, slice.asFloatBuffer(), shape)
        : OnnxTensor.createTensor(env, slice, shape, OnnxJavaType.FLOAT16);
  }

  @Override
  public void close() {
    views.values().forEach(OnnxTensor::close);
    views.clear();
  }
}
