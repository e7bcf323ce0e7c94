package dev.latentq.engine.model;

import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The U-Net session: feeds prepared buffers in place and writes the prediction into a pinned output. */
public final class UNet implements Denoiser {
  private final OrtSession session;
  private final UNetSignature signature;

  private UNet(OrtSession session, UNetSignature signature) {
    this.session = session;
    this.signature = signature;
  }

  /** Opens {@code unet/model.onnx} and reads its signature. */
  public static UNet load(SessionFactory sessions, Path onnx) {
    return load(sessions, onnx, Map.of());
  }

  /** Opens {@code unet/model.onnx} with some initializers replaced (patched LoRA weights; keep them open). */
  public static UNet load(SessionFactory sessions, Path onnx, Map<String, OnnxTensorLike> overrides) {
    OrtSession session = sessions.open(onnx, overrides);
    try {
      return new UNet(session, UNetSignature.read(
          TensorSpec.of(session.getInputInfo(), "unet"), TensorSpec.of(session.getOutputInfo(), "unet")));
    } catch (OrtException | RuntimeException e) {
      TextEncoder.closeQuietly(session, e);
      throw e instanceof ModelLoadException m ? m
          : new ModelLoadException("cannot inspect " + onnx + ": " + e.getMessage(), e);
    }
  }

  @Override
  public UNetSignature signature() {
    return signature;
  }

  @Override
  public void run(UNetBuffers buffers, int rows) {
    try {
      Map<String, OnnxTensorLike> inputs = new HashMap<>(8);
      inputs.put("sample", buffers.sample().view(rows));
      inputs.put("timestep", buffers.timestep().view(rows));
      inputs.put("encoder_hidden_states", buffers.hiddenStates().view(rows));
      if (signature.textEmbeds() != null) {
        inputs.put(signature.textEmbeds().name(), buffers.textEmbeds().view(rows));
      }
      if (signature.timeIds() != null) {
        inputs.put(signature.timeIds().name(), buffers.timeIds().view(rows));
      }
      if (signature.timestepCond() != null) {
        inputs.put(signature.timestepCond().name(), buffers.timestepCond().view(rows));
      }
      try (OrtSession.Result ignored = session.run(inputs, Map.of(signature.outputName(), buffers.output().view(rows)))) {
        // The prediction was written into the pinned output buffer.
      }
    } catch (OrtException e) {
      throw new InferenceException("unet failed on " + rows + " rows at latent size " + buffers.latentHeight() + "x"
          + buffers.latentWidth() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
