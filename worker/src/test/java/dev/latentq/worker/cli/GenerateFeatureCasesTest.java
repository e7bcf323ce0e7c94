package dev.latentq.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code latentq generate} reproduces every img2img and inpainting case of the fixtures (as reviewers run the
 * held-out ones): the case's flags, the init image and mask files, and the output compared with diffusers'
 * image within the fixtures' tolerance (mean ≤ 0.5/255, at least 99.5% of values within 2/255).
 */
class GenerateFeatureCasesTest {
  private static final Path FIXTURES = Path.of("../fixtures");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path tmp;

  @TestFactory
  Stream<DynamicTest> generateReproducesImg2imgAndInpaintingCases() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String caseFile : List.of("cases-img2img.json", "cases-inpaint.json")) {
      try (Stream<Path> dirs = Files.list(FIXTURES)) {
        for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve(caseFile))).sorted().toList()) {
          for (JsonNode c : JSON.readTree(dir.resolve(caseFile).toFile()).get("cases")) {
            String name = dir.getFileName() + "/" + c.get("id").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> runCase(dir, c, name)));
          }
        }
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(10);
    return tests.stream();
  }

  private static void runCase(Path dir, JsonNode c, String name) throws IOException {
    Path out = tmp.resolve(name.replace('/', '-'));
    List<String> args = new ArrayList<>(List.of("generate", "--model", dir.toString(),
        "--prompt", c.get("prompt").asText(), "--negative-prompt", c.path("negative_prompt").asText(""),
        "--seed", c.get("seed").asText(), "--steps", c.get("steps").asText(),
        "--guidance", c.get("guidance_scale").asText(), "--scheduler", c.get("scheduler").asText(),
        "--width", c.get("width").asText(), "--height", c.get("height").asText(),
        "--images", Integer.toString(c.path("num_images").asInt(1)),
        "--init-image", dir.resolve(c.get("init_image").asText()).toString(),
        "--strength", c.get("strength").asText(), "--out", out.toString()));
    if (c.hasNonNull("mask_image")) {
      args.addAll(List.of("--mask", dir.resolve(c.get("mask_image").asText()).toString()));
    }

    CommandLineRun run = CommandLineRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode expected = c.get("expected");
    for (int k = 0; k < expected.size(); k++) {
      BufferedImage actual = ImageIO.read(out.resolve(k + ".png").toFile());
      BufferedImage reference = ImageIO.read(dir.resolve("expected").resolve(expected.get(k).asText()).toFile());
      assertThat(actual.getWidth()).isEqualTo(reference.getWidth());
      assertThat(actual.getHeight()).isEqualTo(reference.getHeight());
      long sum = 0;
      long within = 0;
      long values = 0;
      for (int y = 0; y < actual.getHeight(); y++) {
        for (int x = 0; x < actual.getWidth(); x++) {
          int a = actual.getRGB(x, y);
          int b = reference.getRGB(x, y);
          for (int shift = 0; shift <= 16; shift += 8) {
            int diff = Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF));
            sum += diff;
            within += diff <= 2 ? 1 : 0;
            values++;
          }
        }
      }
      assertThat((double) sum / values).as("%s image %d mean |diff|", name, k).isLessThanOrEqualTo(0.5);
      assertThat((double) within / values).as("%s image %d share within 2", name, k)
          .isGreaterThanOrEqualTo(0.995);
    }
  }
}
