package dev.latentq.engine.lora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files in diffusers' older layouts (attention processors {@code attn1.processor.to_q_lora.down.weight}, text
 * encoder {@code q_proj.lora_linear_layer.down.weight}) patch exactly the weights the PEFT layout of the same LoRA
 * patches, with the same values.
 */
class OlderDiffusersFormatsTest {
  private static final Path MODEL = Path.of("../fixtures/tiny-sd15-optimum");

  @TempDir
  Path dir;

  @Test
  void processorAndLinearLayerKeysPatchWhatPeftKeysPatch() throws Exception {
    SafetensorsFile peft = SafetensorsFile.read(MODEL.resolve("loras/c.safetensors"));
    SafetensorsWriter older = new SafetensorsWriter();
    for (SafetensorsFile.Tensor t : peft.tensors().values()) {
      older.tensor(olderName(t.name()), "F32", peft.floats(t.name()), t.shape());
    }
    Path olderFile = older.write(dir.resolve("older.safetensors"));
    LoraPatcher patcher = new LoraPatcher(OrtEnvironment.getEnvironment());
    for (Component component : List.of(Component.UNET, Component.TEXT_ENCODER)) {
      OnnxWeights weights = OnnxWeights.read(MODEL.resolve(component.folder()).resolve("model.onnx"),
          component.folder());
      LoraAdapter peftAdapter = LoraAdapter.read(MODEL.resolve("loras/c.safetensors"));
      try (PatchedWeights expected = patcher.patch(weights, scaled(peftAdapter, component));
          PatchedWeights actual = patcher.patch(weights, scaled(LoraAdapter.read(olderFile), component))) {
        assertThat(actual.tensors().keySet()).isNotEmpty().isEqualTo(expected.tensors().keySet());
        for (Map.Entry<String, OnnxTensor> e : expected.tensors().entrySet()) {
          assertThat(values(actual.tensors().get(e.getKey()))).as(e.getKey()).containsExactly(values(e.getValue()));
        }
      }
    }
  }

  /** {@code unet.….attn1.to_out.0.lora_A.weight} → {@code unet.….attn1.processor.to_out_lora.down.weight}, etc. */
  private static String olderName(String peft) {
    String role = peft.endsWith(".lora_A.weight") ? "down" : "up";
    String module = peft.substring(0, peft.length() - ".lora_A.weight".length());
    if (module.startsWith("unet.")) {
      int cut = module.lastIndexOf(".to_");
      String projection = module.substring(cut + 1).replace("to_out.0", "to_out");
      return module.substring(0, cut) + ".processor." + projection + "_lora." + role + ".weight";
    }
    return module + ".lora_linear_layer." + role + ".weight";
  }

  private static List<LoraPatcher.Scaled> scaled(LoraAdapter adapter, Component component) {
    List<LoraPatcher.Scaled> out = new ArrayList<>();
    for (AdapterModule m : adapter.modules()) {
      if (m.component() == component) {
        out.add(new LoraPatcher.Scaled(m, 1.0, adapter.file().toString()));
      }
    }
    return out;
  }

  private static float[] values(OnnxTensor tensor) {
    FloatBuffer buffer = tensor.getFloatBuffer();
    float[] out = new float[buffer.remaining()];
    buffer.get(out);
    return out;
  }
}
