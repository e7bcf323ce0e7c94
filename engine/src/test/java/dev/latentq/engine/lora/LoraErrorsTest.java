package dev.latentq.engine.lora;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.pipeline.DiffusionModel;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoRAs that cannot apply fail when the set is checked (at intake), naming the file, key or weight and the fix. */
class LoraErrorsTest {
  private static final Path OPTIMUM = Path.of("../fixtures/tiny-sd15-optimum");
  private static final String TO_Q = "lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q";
  private static DiffusionModel model;

  @TempDir
  Path dir;

  @BeforeAll
  static void load() {
    model = DiffusionModel.load(OPTIMUM, RuntimeOptions.cpu());
  }

  @AfterAll
  static void close() throws Exception {
    model.close();
  }

  private static Optional<String> check(DiffusionModel m, Path file) {
    Optional<String> r = m.checkLoras(LoraSet.of(new LoraWeight(file, 1.0)));
    System.out.println("MSG: " + r);
    return r;
  }

  @Test
  void anOldExportWithoutModulePathsCannotTakeLorasAndSaysWhichExportToUse() throws Exception {
    try (DiffusionModel old = DiffusionModel.load(Path.of("../fixtures/tiny-sd15"), RuntimeOptions.cpu())) {
      assertThat(check(old, OPTIMUM.resolve("loras/a.safetensors"))).hasValueSatisfying(problem -> assertThat(problem)
          .contains("cannot take LoRAs").contains("unet").contains("optimum-cli export onnx"));
    }
  }

  @Test
  void aKeyMatchingNoWeightIsNamed() {
    Path file = new SafetensorsWriter()
        .tensor("lora_unet_down_blocks_7_attentions_0_proj_in.lora_down.weight", "F32", 2, 32)
        .tensor("lora_unet_down_blocks_7_attentions_0_proj_in.lora_up.weight", "F32", 32, 2)
        .write(dir.resolve("stray.safetensors"));
    assertThat(check(model, file)).hasValueSatisfying(problem -> assertThat(problem)
        .contains("stray.safetensors").contains("lora_unet_down_blocks_7_attentions_0_proj_in")
        .contains("matches no weight"));
  }

  @Test
  void aShapeMismatchNamesTheKeyAndTheWeight() {
    Path file = new SafetensorsWriter()
        .tensor(TO_Q + ".lora_down.weight", "F16", 4, 40)
        .tensor(TO_Q + ".lora_up.weight", "F16", 32, 4)
        .write(dir.resolve("wide.safetensors"));
    assertThat(check(model, file)).hasValueSatisfying(problem -> assertThat(problem)
        .contains(TO_Q).contains("/down_blocks.1/attentions.0/transformer_blocks.0/attn1/to_q/MatMul")
        .contains("does not fit").contains("[4, 40]"));
  }

  @Test
  void aLoraForSdxlOnAnSd15ModelSaysSo() {
    Path file = new SafetensorsWriter()
        .tensor("lora_te2_text_model_encoder_layers_0_self_attn_q_proj.lora_down.weight", "F16", 4, 16)
        .tensor("lora_te2_text_model_encoder_layers_0_self_attn_q_proj.lora_up.weight", "F16", 16, 4)
        .write(dir.resolve("xl.safetensors"));
    assertThat(check(model, file)).hasValueSatisfying(problem -> assertThat(problem)
        .contains("xl.safetensors").contains("made for SDXL").contains("SD 1.x/2.x"));
  }

  @Test
  void anSdxlShapedCrossAttentionSaysSdxl() {
    String toK = "lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn2_to_k";
    Path file = new SafetensorsWriter()
        .tensor(toK + ".lora_down.weight", "F16", 4, 2048)
        .tensor(toK + ".lora_up.weight", "F16", 32, 4)
        .write(dir.resolve("xl-unet.safetensors"));
    assertThat(check(model, file)).hasValueSatisfying(problem -> assertThat(problem)
        .contains(toK).contains("made for SDXL"));
  }

  @Test
  void anUnsupportedLycorisVariantIsNamed() {
    Path file = new SafetensorsWriter()
        .tensor(TO_Q + ".hada_w1_a", "F32", 32, 4)
        .write(dir.resolve("loha.safetensors"));
    assertThat(check(model, file)).hasValueSatisfying(problem -> assertThat(problem)
        .contains(TO_Q + ".hada_w1_a").contains("LoHa"));
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nowhere.safetensors");
    assertThat(check(model, missing)).hasValueSatisfying(problem -> assertThat(problem)
        .contains(missing.toString()).contains("does not exist"));
  }

  @Test
  void aFailedSetLeavesNoVariantBehind() {
    int before = model.loraVariants();
    assertThat(check(model, dir.resolve("nowhere.safetensors"))).isPresent();
    assertThat(model.loraVariants()).isEqualTo(before);
  }
}
