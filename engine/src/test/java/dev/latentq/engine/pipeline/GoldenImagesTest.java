package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Every case of every fixture pipeline's {@code cases.json} (images rendered by diffusers' own PyTorch
 * pipelines) reproduced within the fixtures' tolerance. New fixture folders and cases are picked up as they are.
 */
class GoldenImagesTest {
  private static final Path FIXTURES = Path.of("../fixtures");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicNode> reproducesDiffusersReferenceImages() throws IOException {
    List<DynamicNode> pipelines = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(FIXTURES)) {
      for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("cases.json"))).sorted().toList()) {
        pipelines.add(DynamicContainer.dynamicContainer(dir.getFileName().toString(), casesOf(dir)));
      }
    }
    assertThat(pipelines).as("fixture pipelines under " + FIXTURES).isNotEmpty();
    return pipelines.stream();
  }

  private static Stream<DynamicNode> casesOf(Path dir) throws IOException {
    JsonNode cases = JSON.readTree(dir.resolve("cases.json").toFile()).get("cases");
    List<DynamicNode> tests = new ArrayList<>();
    for (JsonNode c : cases) {
      tests.add(DynamicTest.dynamicTest(c.get("id").asText() + " " + c.get("scheduler").asText(),
          () -> runCase(dir, c)));
    }
    return tests.stream();
  }

  private static void runCase(Path dir, JsonNode c) throws Exception {
    GenerationRequest request = GoldenCase.request(c).build();
    try (DiffusionModel model = DiffusionModel.load(dir, RuntimeOptions.cpu())) {
      List<DecodedImage> images = new OneShotGenerator(model, 16).generate(request);
      GoldenCase.assertImagesMatch(images, c, dir.resolve("expected"),
          dir.getFileName() + "/" + c.get("id").asText());
    }
  }
}
