package dev.latentq.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code latentq tokenize}: the padded ids the text encoder receives, as a JSON array on the last line. */
class TokenizeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROMPT = "A RED Circle!!!";

  @Test
  void printsTheIdsPaddedWithEndOfTextForAnSd15Tokenizer() throws IOException {
    CommandLineRun run = CommandLineRun.of("tokenize", "--model", "../fixtures/tiny-sd15", "--prompt", PROMPT);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(lastLineIds(run)).hasSize(77).containsExactly(expected("ids_pad_eos"));
  }

  @Test
  void printsTheIdsPaddedWithBangForSdxlsSecondTokenizer() throws IOException {
    CommandLineRun run = CommandLineRun.of("tokenize", "--model", "../fixtures/tiny-sdxl",
        "--tokenizer", "tokenizer_2", "--prompt", PROMPT);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(lastLineIds(run)).hasSize(77).containsExactly(expected("ids_pad_bang"));
  }

  @Test
  void rejectsAnUnknownTokenizerFolderInOneLine() {
    CommandLineRun run = CommandLineRun.of("tokenize", "--model", "../fixtures/tiny-sd15",
        "--tokenizer", "tokenizer_2", "--prompt", PROMPT);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).as(run.toString()).singleElement().asString()
        .contains("tokenizer_2 does not exist").contains("--tokenizer tokenizer or tokenizer_2");
    assertThat(run.out()).isEmpty();
  }

  private static int[] lastLineIds(CommandLineRun run) throws IOException {
    List<String> lines = run.outLines();
    assertThat(lines).as(run.toString()).isNotEmpty();
    return JSON.readValue(lines.get(lines.size() - 1), int[].class);
  }

  private static int[] expected(String key) throws IOException {
    for (JsonNode vector : JSON.readTree(Path.of("../fixtures/vectors.json").toFile()).get("tokenizer")) {
      if (vector.get("prompt").asText().equals(PROMPT)) {
        return JSON.treeToValue(vector.get(key), int[].class);
      }
    }
    throw new AssertionError("vectors.json has no tokenizer vector for " + PROMPT);
  }
}
