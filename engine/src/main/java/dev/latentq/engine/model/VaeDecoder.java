package dev.latentq.engine.model;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** The VAE decoder session ({@code vae_decoder/}): latents in, pixels out. Owns its session. */
public final class VaeDecoder implements LatentDecoder {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final TensorSpec input;
  private final TensorSpec output;

  private VaeDecoder(OrtEnvironment env, OrtSession session, TensorSpec input, TensorSpec output) {
    this.env = env;
    this.session = session;
    this.input = input;
    this.output = output;
  }

  /** Opens {@code vae_decoder/model.onnx}. */
  public static VaeDecoder load(SessionFactory sessions, Path onnx) {
    OrtSession session = sessions.open(onnx);
    try {
      Map<String, TensorSpec> outputs = TensorSpec.of(session.getOutputInfo(), "vae_decoder");
      TensorSpec in = latentInput(onnx, TensorSpec.of(session.getInputInfo(), "vae_decoder"), outputs);
      return new VaeDecoder(sessions.environment(), session, in, outputs.values().iterator().next());
    } catch (OrtException | RuntimeException e) {
      TextEncoder.closeQuietly(session, e);
      throw e instanceof ModelLoadException m ? m
          : new ModelLoadException("cannot inspect " + onnx + ": " + e.getMessage(), e);
    }
  }

  /**
   * The decoder's latent input, checked with its outputs to be a latents-to-RGB decoder (from a session or the graph
   * file).
   */
  public static TensorSpec latentInput(Path onnx, Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {
    if (inputs.size() != 1 || inputs.values().iterator().next().rank() != 4 || outputs.isEmpty()) {
      throw new ModelLoadException(onnx + " must take one [batch, channels, h, w] latent input and return pixels;"
          + " it declares inputs " + inputs.values() + " and outputs " + outputs.values());
    }
    TensorSpec out = outputs.values().iterator().next();
    if (out.dim(1) != -1 && out.dim(1) != 3) {
      throw new ModelLoadException(onnx + " returns " + out.dim(1) + " channels; an RGB decoder returns 3");
    }
    TensorSpec in = inputs.values().iterator().next();
    ElementTypes.check(in, "vae_decoder");
    return in;
  }

  /** Latent channels the decoder takes, or -1 when the export leaves it dynamic. */
  public long latentChannels() {
    return input.dim(1);
  }

  @Override
  public DecodedPixels decode(float[] latents, int count, int channels, int height, int width) {
    long[] shape = {count, channels, height, width};
    try (OnnxTensor tensor = ElementTypes.tensor(env, input.type(), latents, count * channels * height * width, shape);
        OrtSession.Result result = session.run(Map.of(input.name(), tensor))) {
      OnnxTensor pixels = (OnnxTensor) result.get(0);
      long[] outShape = pixels.getInfo().getShape();
      FloatBuffer values = pixels.getFloatBuffer();
      float[] array = new float[values.remaining()];
      values.get(array);
      return new DecodedPixels(array, count, (int) outShape[2], (int) outShape[3]);
    } catch (OrtException e) {
      throw new InferenceException("vae_decoder failed on " + count + " latents of " + height + "x" + width + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }

  /** Shared by the VAE sessions: float tensors in the element type an input declares. */
  static final class ElementTypes {
    private ElementTypes() {}

    static void check(TensorSpec spec, String component) {
      if (spec.type() != OnnxJavaType.FLOAT && spec.type() != OnnxJavaType.FLOAT16) {
        throw new ModelLoadException(component + " input '" + spec.name() + "' is " + spec.type()
            + "; only float32 and float16 are supported");
      }
    }

    static OnnxTensor tensor(OrtEnvironment env, OnnxJavaType type, float[] values, int length, long[] shape)
        throws OrtException {
      if (type == OnnxJavaType.FLOAT) {
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(values, 0, length), shape);
      }
      ByteBuffer halves = ByteBuffer.allocateDirect(length * 2).order(ByteOrder.nativeOrder());
      for (int i = 0; i < length; i++) {
        halves.putShort(i * 2, Float.floatToFloat16(values[i]));
      }
      return OnnxTensor.createTensor(env, halves, shape, OnnxJavaType.FLOAT16);
    }
  }
}
