package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentq.engine.image.InitImageReader;
import dev.latentq.engine.model.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of the fixtures' feature case files ({@code cases-img2img.json}, {@code cases-inpaint.json}; images
 * rendered by diffusers' own image-to-image and inpainting pipelines) reproduced within the fixtures' tolerance.
 * New fixture folders and cases are picked up as they are.
 */
class FeatureGoldenImagesTest {
  private static final Path FIXTURES = Path.of("../fixtures");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicNode> reproducesDiffusersImageToImage() throws IOException {
    return feature("cases-img2img.json");
  }

  @TestFactory
  Stream<DynamicNode> reproducesDiffusersInpainting() throws IOException {
    return feature("cases-inpaint.json");
  }

  private static Stream<DynamicNode> feature(String caseFile) throws IOException {
    List<DynamicNode> pipelines = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(FIXTURES)) {
      for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve(caseFile))).sorted().toList()) {
        pipelines.add(DynamicContainer.dynamicContainer(dir.getFileName().toString(), casesOf(dir, caseFile)));
      }
    }
    assertThat(pipelines).as(caseFile + " under " + FIXTURES).isNotEmpty();
    return pipelines.stream();
  }

  private static Stream<DynamicNode> casesOf(Path dir, String caseFile) throws IOException {
    JsonNode cases = JSON.readTree(dir.resolve(caseFile).toFile()).get("cases");
    List<DynamicNode> tests = new ArrayList<>();
    for (JsonNode c : cases) {
      tests.add(DynamicTest.dynamicTest(c.get("id").asText() + " " + c.get("scheduler").asText() + " strength "
          + c.get("strength").asText(), () -> runCase(dir, c)));
    }
    return tests.stream();
  }

  static GenerationRequest requestOf(Path dir, JsonNode c) throws IOException {
    GenerationRequest.Builder builder = GoldenCase.request(c)
        .initImage(InitImageReader.read(dir.resolve(c.get("init_image").asText())), c.get("strength").asDouble());
    if (c.hasNonNull("mask_image")) {
      builder.mask(InitImageReader.readMask(dir.resolve(c.get("mask_image").asText())));
    }
    return builder.build();
  }

  private static void runCase(Path dir, JsonNode c) throws Exception {
    GenerationRequest request = requestOf(dir, c);
    try (DiffusionModel model = DiffusionModel.load(dir, RuntimeOptions.cpu())) {
      List<DecodedImage> images = new OneShotGenerator(model, 16).generate(request);
      GoldenCase.assertImagesMatch(images, c, dir.resolve("expected"),
          dir.getFileName() + "/" + c.get("id").asText());
    }
  }
}
