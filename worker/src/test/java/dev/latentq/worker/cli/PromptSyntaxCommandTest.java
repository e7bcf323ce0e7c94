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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --prompt-syntax} and {@code tokenize --chunks} as reviewers run them: every shared prompt-weighting case
 * through {@code generate --prompt-syntax a1111}, every parser vector through {@code tokenize --chunks}, and bad
 * input refused in one line with exit code 2.
 */
class PromptSyntaxCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FIXTURES = Path.of("../fixtures");
  private static final String CASES = "cases-prompt-weighting.json";

  @TempDir
  Path tmp;

  @TestFactory
  Stream<DynamicTest> generateReproducesEverySharedPromptWeightingCase() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(FIXTURES)) {
      for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve(CASES))).sorted().toList()) {
        for (JsonNode c : JSON.readTree(dir.resolve(CASES).toFile()).get("cases")) {
          tests.add(DynamicTest.dynamicTest(dir.getFileName() + " " + c.get("id").asText(), () -> generate(dir, c)));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(9);
    return tests.stream();
  }

  private void generate(Path dir, JsonNode c) throws IOException {
    Path out = tmp.resolve(dir.getFileName() + "-" + c.get("id").asText());
    CommandLineRun run = CommandLineRun.of("generate", "--model", dir.toString(), "--prompt-syntax", "a1111",
        "--prompt", c.get("prompt").asText(), "--negative-prompt", c.path("negative_prompt").asText(""),
        "--seed", c.get("seed").asText(), "--steps", c.get("steps").asText(),
        "--guidance", c.get("guidance_scale").asText(), "--scheduler", c.get("scheduler").asText(),
        "--width", c.get("width").asText(), "--height", c.get("height").asText(), "--out", out.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.outLines().get(0)).contains(", prompt syntax a1111)");
    BufferedImage actual = ImageIO.read(out.resolve("0.png").toFile());
    BufferedImage expected = ImageIO.read(dir.resolve("expected").resolve(c.get("expected").get(0).asText()).toFile());
    long sum = 0;
    long within = 0;
    int values = 0;
    for (int y = 0; y < expected.getHeight(); y++) {
      for (int x = 0; x < expected.getWidth(); x++) {
        int a = actual.getRGB(x, y);
        int e = expected.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          int diff = Math.abs(((a >> shift) & 0xff) - ((e >> shift) & 0xff));
          sum += diff;
          within += diff <= 2 ? 1 : 0;
          values++;
        }
      }
    }
    assertThat((double) sum / values).as("mean |diff| of %s", out).isLessThanOrEqualTo(0.5);
    assertThat((double) within / values).as("share within 2/255 of %s", out).isGreaterThanOrEqualTo(0.995);
  }

  @TestFactory
  Stream<DynamicTest> tokenizeChunksPrintsEveryParserVector() throws IOException {
    JsonNode entries = JSON.readTree(FIXTURES.resolve("prompt-weighting-vectors.json").toFile()).get("entries");
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode entry : entries) {
      String prompt = entry.get("prompt").asText();
      tests.add(DynamicTest.dynamicTest('"' + prompt + '"', () -> {
        JsonNode printed = tokenizeChunks("tiny-sd15", "tokenizer", prompt);
        assertThat(printed.get("prompt_syntax").asText()).isEqualTo("a1111");
        assertThat(printed.get("fragments")).isEqualTo(entry.get("fragments"));
        assertThat(printed.get("token_count")).isEqualTo(entry.get("token_count"));
        assertThat(printed.get("chunks")).hasSameSizeAs(entry.get("chunks"));
        for (int i = 0; i < entry.get("chunks").size(); i++) {
          assertThat(printed.get("chunks").get(i).get("ids")).isEqualTo(entry.get("chunks").get(i).get("ids"));
          assertThat(printed.get("chunks").get(i).get("weights"))
              .isEqualTo(entry.get("chunks").get(i).get("weights"));
        }
      }));
    }
    return tests.stream();
  }

  @Test
  void tokenizeChunksForSdxlsSecondEncoderPadsWithItsPadId() throws IOException {
    JsonNode entry = JSON.readTree(FIXTURES.resolve("prompt-weighting-vectors.json").toFile()).get("entries").get(0);

    JsonNode printed = tokenizeChunks("tiny-sdxl", "tokenizer_2", entry.get("prompt").asText());

    assertThat(printed.get("chunks").get(1).get("ids")).isEqualTo(entry.get("chunks").get(1).get("ids_pad_bang"));
  }

  @Test
  void tokenizeChunksWithPlainSyntaxShowsTheOneTruncatedWindow() throws IOException {
    CommandLineRun run = CommandLineRun.of("tokenize", "--model", "../fixtures/tiny-sd15", "--chunks",
        "--prompt-syntax", "plain", "--prompt", "(red:1.5) BREAK car");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode printed = JSON.readTree(run.outLines().get(run.outLines().size() - 1));
    assertThat(printed.get("chunks")).hasSize(1);
    assertThat(printed.get("chunks").get(0).get("weights")).allMatch(w -> w.asDouble() == 1.0);
  }

  @Test
  void unknownPromptSyntaxExitsTwoInOneLine() {
    CommandLineRun run = CommandLineRun.of("generate", "--model", "../fixtures/tiny-sd15", "--prompt", "a cat",
        "--prompt-syntax", "compel", "--out", tmp.resolve("x").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).as(run.toString()).singleElement().asString()
        .contains("--prompt-syntax").contains("compel").contains("plain").contains("a1111");
  }

  @Test
  void invalidA1111WeightExitsTwoInOneLineBeforeLoadingTheModel() {
    CommandLineRun run = CommandLineRun.of("generate", "--model", "../fixtures/tiny-sd15", "--prompt",
        "a (cat:1.2.3)", "--prompt-syntax", "a1111", "--out", tmp.resolve("y").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).as(run.toString()).singleElement().asString()
        .contains(":1.2.3)").contains("(text:1.2)");
    assertThat(tmp.resolve("y")).doesNotExist();
  }

  private static JsonNode tokenizeChunks(String model, String tokenizer, String prompt) throws IOException {
    CommandLineRun run = CommandLineRun.of("tokenize", "--model", "../fixtures/" + model, "--tokenizer", tokenizer,
        "--chunks", "--prompt", prompt);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return JSON.readTree(run.outLines().get(run.outLines().size() - 1));
  }
}
