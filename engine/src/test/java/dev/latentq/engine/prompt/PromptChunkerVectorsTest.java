package dev.latentq.engine.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentq.engine.tokenizer.ClipTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every prompt of {@code prompt-weighting-vectors.json} (A1111's own parser and chunker run on them): the same
 * fragments, the same weights to the last bit, the same chunk ids for both kinds of encoder, the same token count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromptChunkerVectorsTest {
  private static final Path VECTORS = Path.of("../fixtures/prompt-weighting-vectors.json");
  private static final int END = 49407;

  private PromptChunker chunker;

  record Vector(String prompt, JsonNode entry) {
    @Override
    public String toString() {
      String shown = prompt.length() > 60 ? prompt.substring(0, 60) + "…" : prompt;
      return '"' + shown + '"';
    }
  }

  @BeforeAll
  void loadTokenizer() {
    chunker = new PromptChunker(ClipTokenizer.load(Path.of("../fixtures/tiny-sd15/tokenizer")));
  }

  static Stream<Vector> vectors() throws IOException {
    JsonNode entries = new ObjectMapper().readTree(VECTORS.toFile()).get("entries");
    assertThat(entries).as("entries of %s", VECTORS).isNotEmpty();
    return StreamSupport.stream(entries.spliterator(), false).map(e -> new Vector(e.get("prompt").asText(), e));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void fragmentsAndWeightsMatchA1111sParser(Vector vector) {
    List<WeightedText> expected = new ArrayList<>();
    for (JsonNode pair : vector.entry().get("fragments")) {
      expected.add(new WeightedText(pair.get(0).asText(), pair.get(1).asDouble()));
    }
    assertThat(AttentionParser.parse(vector.prompt())).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void chunksMatchA1111sChunker(Vector vector) {
    ChunkedPrompt chunked = chunker.chunk(vector.prompt());
    JsonNode expected = vector.entry().get("chunks");
    assertThat(chunked.chunks()).as("chunk count").hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      PromptChunk chunk = chunked.chunks().get(i);
      JsonNode want = expected.get(i);
      assertThat(chunk.ids()).as("chunk %d ids", i).containsExactly(ints(want.get("ids")));
      assertThat(chunk.idsPaddedWith(END, 0)).as("chunk %d ids for a pad-0 encoder", i)
          .containsExactly(ints(want.get("ids_pad_bang")));
      assertThat(chunk.weights()).as("chunk %d weights", i).containsExactly(doubles(want.get("weights")));
    }
    assertThat(chunked.tokenCount()).as("token count").isEqualTo(vector.entry().get("token_count").asInt());
  }

  private static int[] ints(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::asInt).toArray();
  }

  private static double[] doubles(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).mapToDouble(JsonNode::asDouble).toArray();
  }
}
