package dev.latentq.engine.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The VAE encoder session ({@code vae_encoder/}), for img2img. Older exports return {@code latent_sample}
 * (sampled inside the graph); Optimum 1.23+ returns {@code latent_parameters} (mean and log-variance). Owns its
 * session.
 */
public final class VaeEncoder implements LatentEncoder {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final TensorSpec input;
  private final String outputName;

  private VaeEncoder(OrtEnvironment env, OrtSession session, TensorSpec input, String outputName) {
    this.env = env;
    this.session = session;
    this.input = input;
    this.outputName = outputName;
  }

  /** Opens {@code vae_encoder/model.onnx}. */
  public static VaeEncoder load(SessionFactory sessions, Path onnx) {
    OrtSession session = sessions.open(onnx);
    try {
      Map<String, TensorSpec> inputs = TensorSpec.of(session.getInputInfo(), "vae_encoder");
      Map<String, TensorSpec> outputs = TensorSpec.of(session.getOutputInfo(), "vae_encoder");
      if (inputs.size() != 1 || inputs.values().iterator().next().rank() != 4) {
        throw new ModelLoadException(onnx + " must take one [batch, 3, h, w] image input; it declares "
            + inputs.values());
      }
      String output = outputs.containsKey("latent_parameters") ? "latent_parameters"
          : outputs.containsKey("latent_sample") ? "latent_sample" : null;
      if (output == null) {
        throw new ModelLoadException(onnx + " must return 'latent_sample' or 'latent_parameters'; it returns "
            + outputs.keySet());
      }
      TensorSpec in = inputs.values().iterator().next();
      VaeDecoder.ElementTypes.check(in, "vae_encoder");
      return new VaeEncoder(sessions.environment(), session, in, output);
    } catch (OrtException | RuntimeException e) {
      TextEncoder.closeQuietly(session, e);
      throw e instanceof ModelLoadException m ? m
          : new ModelLoadException("cannot inspect " + onnx + ": " + e.getMessage(), e);
    }
  }

  @Override
  public EncodedLatents encode(float[] pixels, int count, int height, int width) {
    long[] shape = {count, 3, height, width};
    try (OnnxTensor tensor = VaeDecoder.ElementTypes.tensor(env, input.type(), pixels, count * 3 * height * width,
        shape);
        OrtSession.Result result = session.run(Map.of(input.name(), tensor), Set.of(outputName))) {
      OnnxTensor latents = (OnnxTensor) result.get(0);
      long[] outShape = latents.getInfo().getShape();
      FloatBuffer values = latents.getFloatBuffer();
      float[] array = new float[values.remaining()];
      values.get(array);
      return new EncodedLatents(array, count, (int) outShape[1], (int) outShape[2], (int) outShape[3],
          outputName.equals("latent_parameters"));
    } catch (OrtException e) {
      throw new InferenceException("vae_encoder failed on " + count + " images of " + height + "x" + width + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
