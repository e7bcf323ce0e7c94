package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentq.engine.model.RuntimeOptions;
import dev.latentq.engine.prompt.PromptSyntax;
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
 * Every case of every fixture's {@code cases-prompt-weighting.json} (A1111 emphasis, long prompts, BREAK,
 * padding; embeddings from A1111's code fed to diffusers' pipelines) reproduced with the A1111 prompt syntax
 * within the fixtures' tolerance, and each case's chunk counts as the reference counted them.
 */
class PromptWeightingImagesTest {
  private static final Path FIXTURES = Path.of("../fixtures");
  private static final String CASES = "cases-prompt-weighting.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicNode> reproducesA1111WeightedReferenceImages() throws IOException {
    List<DynamicNode> pipelines = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(FIXTURES)) {
      for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve(CASES))).sorted().toList()) {
        pipelines.add(DynamicContainer.dynamicContainer(dir.getFileName().toString(), casesOf(dir)));
      }
    }
    assertThat(pipelines).as("fixture pipelines with %s under %s", CASES, FIXTURES).hasSizeGreaterThanOrEqualTo(3);
    return pipelines.stream();
  }

  private static Stream<DynamicNode> casesOf(Path dir) throws IOException {
    List<DynamicNode> tests = new ArrayList<>();
    for (JsonNode c : JSON.readTree(dir.resolve(CASES).toFile()).get("cases")) {
      tests.add(DynamicTest.dynamicTest(c.get("id").asText() + " " + c.get("scheduler").asText(),
          () -> runCase(dir, c)));
    }
    return tests.stream();
  }

  private static void runCase(Path dir, JsonNode c) throws Exception {
    GenerationRequest request = GoldenCase.request(c)
        .promptSyntax(PromptSyntax.A1111)
        .build();
    try (DiffusionModel model = DiffusionModel.load(dir, RuntimeOptions.cpu())) {
      assertThat(model.promptChunks(request)).as("chunks after padding")
          .isEqualTo(c.get("chunks").get("after_padding").asInt());
      List<DecodedImage> images = new OneShotGenerator(model, 16).generate(request);
      GoldenCase.assertImagesMatch(images, c, dir.resolve("expected"),
          dir.getFileName() + "/" + c.get("id").asText());
    }
  }
}
