package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentq.engine.lora.LoraSet;
import dev.latentq.engine.lora.LoraWeight;
import dev.latentq.engine.model.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code tiny-sd15-optimum/cases-lora.json} (diffusers with {@code load_lora_weights} and
 * {@code set_adapters}: kohya, kohya LoCon and PEFT files, alone and stacked) reproduced within the fixtures'
 * tolerance, on one loaded model whose LoRA variants are built once per set.
 */
class LoraGoldenImagesTest {
  static final Path MODEL = Path.of("../fixtures/tiny-sd15-optimum");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static DiffusionModel model;

  @BeforeAll
  static void load() {
    model = DiffusionModel.load(MODEL, RuntimeOptions.cpu());
    // The tests count variants; keep every set they build.
    model.keepLoraVariants(100);
  }

  @AfterAll
  static void close() throws Exception {
    model.close();
  }

  @TestFactory
  Stream<DynamicTest> reproducesDiffusersLoraImages() throws IOException {
    JsonNode cases = JSON.readTree(MODEL.resolve("cases-lora.json").toFile()).get("cases");
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases) {
      tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> runCase(c)));
    }
    assertThat(tests).hasSize(6);
    return tests.stream();
  }

  static GenerationRequest request(JsonNode c) {
    GenerationRequest.Builder builder = GoldenCase.request(c);
    for (JsonNode lora : c.get("loras")) {
      builder.lora(MODEL.resolve(lora.get("file").asText()), lora.get("scale").asDouble());
    }
    return builder.build();
  }

  private static void runCase(JsonNode c) throws Exception {
    List<DecodedImage> images = new OneShotGenerator(model, 16).generate(request(c));
    GoldenCase.assertImagesMatch(images, c, MODEL.resolve("expected"), c.get("id").asText());
  }

  @Test
  void equalSetsInAnyOrderShareOneVariant() {
    Path a = MODEL.resolve("loras/a.safetensors");
    Path b = MODEL.resolve("loras/b.safetensors");
    LoraSet ab = LoraSet.of(new LoraWeight(a, 0.25), new LoraWeight(b, 0.5));
    LoraSet ba = LoraSet.of(new LoraWeight(b.toAbsolutePath(), 0.5), new LoraWeight(MODEL.resolve("./loras/a.safetensors"), 0.25));
    assertThat(ba).isEqualTo(ab);
    int before = model.loraVariants();
    assertThat(model.checkLoras(ab)).isEmpty();
    assertThat(model.checkLoras(ba)).isEmpty();
    assertThat(model.variant(ba)).isSameAs(model.variant(ab));
    assertThat(model.loraVariants()).isEqualTo(before + 1);
    assertThat(model.loraVariantBytes(ab)).isPositive();
  }

  @Test
  void aSetThatOnlyChangesTheUnetKeepsTheBaseTextEncoder() {
    LoraSet b = LoraSet.of(new LoraWeight(MODEL.resolve("loras/b.safetensors"), 0.3));
    ModelVariant variant = model.variant(b);
    assertThat(variant.prompts()).isSameAs(model.prompts());
    assertThat(variant.unet()).isNotSameAs(model.parts().unet());
  }
}
