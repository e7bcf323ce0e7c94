package dev.latentq.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlCodecTest {

  private final ControlCodec codec = new ControlCodec();

  @Test
  void readsACancel() throws Exception {
    assertThat(codec.decode(utf8("{\"type\":\"cancel\",\"id\":\"job-1\"}")))
        .isEqualTo(new ControlMessage.Cancel("job-1"));
  }

  @Test
  void writesACancelAsTheDocumentedJson() {
    assertThat(new String(codec.encode(new ControlMessage.Cancel("job-1")), StandardCharsets.UTF_8))
        .isEqualTo("{\"type\":\"cancel\",\"id\":\"job-1\"}");
  }

  @Test
  void ignoresFieldsAddedByNewerProducers() throws Exception {
    assertThat(codec.decode(utf8("{\"type\":\"cancel\",\"id\":\"job-1\",\"reason\":\"user\"}")))
        .isEqualTo(new ControlMessage.Cancel("job-1"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "empty | '' | is empty",
      "broken JSON | '{' | is not valid JSON",
      "array | '[]' | is not a JSON object",
      "missing type | '{\"id\":\"job-1\"}' | has no string 'type'",
      "unknown type | '{\"type\":\"pause\",\"id\":\"job-1\"}' | type is unknown (known: cancel)",
      "missing id | '{\"type\":\"cancel\"}' | has no valid 'id'",
      "hostile id | '{\"type\":\"cancel\",\"id\":\"../x\"}' | has no valid 'id'"})
  void rejectsInvalidControlMessagesWithTheReason(String name, String json, String reason) {
    assertThatThrownBy(() -> codec.decode(utf8(json)))
        .isInstanceOf(InvalidControlMessageException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void cancelRefusesAnInvalidId() {
    assertThatThrownBy(() -> new ControlMessage.Cancel("a b")).isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
