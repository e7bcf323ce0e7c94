package dev.latentq.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every tokenizer vector of the golden fixtures, so vectors added to vectors.json are covered automatically. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClipTokenizerVectorsTest {

  private static final Path VECTORS = Path.of("../fixtures/vectors.json");

  private ClipTokenizer padWithEnd;
  private ClipTokenizer padWithBang;

  /** One entry of the "tokenizer" list of vectors.json. */
  record Vector(String prompt, int[] unpadded, int[] padWithEnd, int[] padWithBang) {

    /** The quoted prompt, shortened and with line breaks escaped, as the test's display name. */
    @Override
    public String toString() {
      String shown = prompt.length() > 60 ? prompt.substring(0, 60) + "…" : prompt;
      return '"' + shown.replace("\t", "\\t").replace("\n", "\\n") + '"';
    }
  }

  @BeforeAll
  void loadTokenizers() {
    padWithEnd = ClipTokenizer.load(Path.of("../fixtures/tiny-sd15/tokenizer"));
    padWithBang = ClipTokenizer.load(Path.of("../fixtures/tiny-sd2v/tokenizer"));
  }

  static Stream<Vector> vectors() throws IOException {
    JsonNode list = new ObjectMapper().readTree(VECTORS.toFile()).get("tokenizer");
    assertThat(list).as("tokenizer vectors in %s", VECTORS).isNotEmpty();
    return StreamSupport.stream(list.spliterator(), false)
        .map(node -> new Vector(node.get("prompt").asText(), ints(node.get("ids_unpadded")),
            ints(node.get("ids_pad_eos")), ints(node.get("ids_pad_bang"))));
  }

  private static int[] ints(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::asInt).toArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void contentIdsMatchTheReference(Vector vector) {
    assertThat(padWithEnd.contentIds(vector.prompt())).containsExactly(vector.unpadded());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void paddedWithEndTokenMatchesTheReference(Vector vector) {
    assertThat(padWithEnd.encode(vector.prompt()).ids()).containsExactly(vector.padWithEnd());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void paddedWithBangMatchesTheReference(Vector vector) {
    assertThat(padWithBang.encode(vector.prompt()).ids()).containsExactly(vector.padWithBang());
  }
}
