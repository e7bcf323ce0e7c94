package dev.latentq.engine.model;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CLIP text encoder session ({@code text_encoder/} or {@code text_encoder_2/}). Feeds {@code input_ids} in the
 * integer type the export declares and returns the requested outputs as float arrays. Owns its session; used
 * by one thread at a time.
 */
public final class TextEncoder implements AutoCloseable {
  private final String component;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final TensorSpec inputIds;
  private final Map<String, TensorSpec> outputs;

  private TextEncoder(String component, OrtEnvironment env, OrtSession session) throws OrtException {
    this.component = component;
    this.env = env;
    this.session = session;
    this.inputIds = inputIds(TensorSpec.of(session.getInputInfo(), component), component);
    this.outputs = TensorSpec.of(session.getOutputInfo(), component);
  }

  /** The encoder's {@code input_ids}, checked to be what this class feeds (from a session or the graph file). */
  public static TensorSpec inputIds(Map<String, TensorSpec> inputs, String component) {
    TensorSpec ids = inputs.get("input_ids");
    if (ids == null || ids.rank() != 2 || (ids.type() != OnnxJavaType.INT32 && ids.type() != OnnxJavaType.INT64)) {
      throw new ModelLoadException(component + "/model.onnx must take 'input_ids' as an int32 or int64 "
          + "[batch, sequence] tensor; it declares " + inputs.values());
    }
    return ids;
  }

  /** Opens {@code <component>/model.onnx}. */
  public static TextEncoder load(SessionFactory sessions, Path onnx, String component) {
    return load(sessions, onnx, component, Map.of());
  }

  /** Opens {@code <component>/model.onnx} with some initializers replaced (patched LoRA weights; keep them open). */
  public static TextEncoder load(SessionFactory sessions, Path onnx, String component,
      Map<String, OnnxTensorLike> overrides) {
    OrtSession session = sessions.open(onnx, overrides);
    try {
      return new TextEncoder(component, sessions.environment(), session);
    } catch (OrtException | RuntimeException e) {
      closeQuietly(session, e);
      throw e instanceof ModelLoadException m ? m
          : new ModelLoadException("cannot inspect " + onnx + ": " + e.getMessage(), e);
    }
  }

  public String component() {
    return component;
  }

  public Map<String, TensorSpec> outputs() {
    return outputs;
  }

  /** True when the export writes {@code name}. */
  public boolean hasOutput(String name) {
    return outputs.containsKey(name);
  }

  /**
   * The highest N among {@code hidden_states.N} outputs (the number of transformer layers), or -1 when the
   * export has no hidden-state outputs.
   */
  public int lastHiddenStateIndex() {
    int last = -1;
    for (String name : outputs.keySet()) {
      if (name.startsWith("hidden_states.")) {
        try {
          last = Math.max(last, Integer.parseInt(name.substring("hidden_states.".length())));
        } catch (NumberFormatException ignored) {
          // Not one of the numbered layer outputs; other names are simply not layers.
        }
      }
    }
    return last;
  }

  /** The first output's name: what diffusers' {@code text_encoder(ids)[0]} returns. */
  public String firstOutput() {
    return outputs.keySet().iterator().next();
  }

  /**
   * Runs the encoder on {@code ids} ({@code batch} rows of equal length) and returns each requested output
   * flattened row-major as float32 (float16 outputs are widened).
   */
  public Map<String, float[]> encode(int[][] ids, Set<String> wanted) {
    for (String name : wanted) {
      if (!outputs.containsKey(name)) {
        throw new IllegalArgumentException(component + " has no output '" + name + "'; it has " + outputs.keySet());
      }
    }
    int batch = ids.length;
    int length = ids[0].length;
    long[] shape = {batch, length};
    try (OnnxTensor input = inputIds.type() == OnnxJavaType.INT64
        ? OnnxTensor.createTensor(env, longs(ids), shape)
        : OnnxTensor.createTensor(env, ints(ids), shape);
        OrtSession.Result result = session.run(Map.of("input_ids", input), wanted)) {
      Map<String, float[]> out = new HashMap<>();
      for (Map.Entry<String, OnnxValue> e : result) {
        FloatBuffer values = ((OnnxTensor) e.getValue()).getFloatBuffer();
        float[] array = new float[values.remaining()];
        values.get(array);
        out.put(e.getKey(), array);
      }
      return out;
    } catch (OrtException e) {
      throw new InferenceException(component + " failed on a batch of " + batch + ": " + e.getMessage(), e);
    }
  }

  private static LongBuffer longs(int[][] ids) {
    LongBuffer buffer = LongBuffer.allocate(ids.length * ids[0].length);
    for (int[] row : ids) {
      for (int id : row) {
        buffer.put(id);
      }
    }
    return buffer.flip();
  }

  private static IntBuffer ints(int[][] ids) {
    IntBuffer buffer = IntBuffer.allocate(ids.length * ids[0].length);
    for (int[] row : ids) {
      buffer.put(row);
    }
    return buffer.flip();
  }

  static void closeQuietly(OrtSession session, Throwable primary) {
    try {
      session.close();
    } catch (OrtException e) {
      primary.addSuppressed(e);
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }

  @Override
  public String toString() {
    return component + " " + List.copyOf(outputs.values());
  }
}
