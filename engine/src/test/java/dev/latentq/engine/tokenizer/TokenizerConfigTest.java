package dev.latentq.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerConfigTest {

  private final ObjectMapper json = new ObjectMapper();

  @TempDir
  Path folder;

  private TokenizerConfig read(String specialTokensMap, String tokenizerConfig) throws IOException {
    if (specialTokensMap != null) {
      Files.writeString(folder.resolve("special_tokens_map.json"), specialTokensMap);
    }
    if (tokenizerConfig != null) {
      Files.writeString(folder.resolve("tokenizer_config.json"), tokenizerConfig);
    }
    return TokenizerConfig.read(folder, json);
  }

  @Test
  void readsTheFixtureFolders() {
    assertThat(TokenizerConfig.read(Path.of("../fixtures/tiny-sd15/tokenizer"), json))
        .isEqualTo(new TokenizerConfig("<|endoftext|>", 77));
    assertThat(TokenizerConfig.read(Path.of("../fixtures/tiny-sd2v/tokenizer"), json))
        .isEqualTo(new TokenizerConfig("!", 77));
  }

  @Test
  void prefersThePadTokenOfTheSpecialTokensMap() throws IOException {
    assertThat(read("{\"pad_token\": \"!\"}", "{\"pad_token\": \"<|endoftext|>\"}").padToken()).isEqualTo("!");
  }

  @Test
  void fallsBackToTheTokenizerConfigPadToken() throws IOException {
    assertThat(read("{\"bos_token\": \"<|startoftext|>\"}", "{\"pad_token\": \"!\"}").padToken()).isEqualTo("!");
  }

  @Test
  void acceptsThePadTokenAsAnAddedTokenObject() throws IOException {
    String map = "{\"pad_token\": {\"content\": \"!\", \"lstrip\": false, \"normalized\": false}}";

    assertThat(read(map, null).padToken()).isEqualTo("!");
  }

  @Test
  void usesCommonDefaultsWhenNothingIsSaid() throws IOException {
    assertThat(read(null, null)).isEqualTo(new TokenizerConfig("<|endoftext|>", 77));
  }

  @Test
  void replacesThePlaceholderNoLimitLengthWith77() throws IOException {
    assertThat(read(null, "{\"model_max_length\": 1000000000000000019884624838656}").maxLength()).isEqualTo(77);
  }

  @Test
  void keepsAnExplicitLength() throws IOException {
    assertThat(read(null, "{\"model_max_length\": 248}").maxLength()).isEqualTo(248);
  }

  @Test
  void rejectsANonsenseLengthNamingTheFile() throws IOException {
    assertThatThrownBy(() -> read(null, "{\"model_max_length\": 1}"))
        .isInstanceOf(TokenizerLoadException.class)
        .hasMessageContaining(folder.resolve("tokenizer_config.json").toString())
        .hasMessageContaining("model_max_length");
  }

  @Test
  void rejectsMalformedJsonNamingTheFile() throws IOException {
    assertThatThrownBy(() -> read("{\"pad_token\": ", null))
        .isInstanceOf(TokenizerLoadException.class)
        .hasMessageContaining(folder.resolve("special_tokens_map.json").toString());
  }
}
