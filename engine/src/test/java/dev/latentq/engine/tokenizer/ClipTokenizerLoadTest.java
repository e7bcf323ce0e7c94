package dev.latentq.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a tokenizer folder: what it reads, and how a broken folder fails. */
class ClipTokenizerLoadTest {

  private static final Path FIXTURE = Path.of("../fixtures/tiny-sd15/tokenizer");

  @TempDir
  Path folder;

  private void copyFixture(String... files) throws IOException {
    for (String file : files) {
      Files.copy(FIXTURE.resolve(file), folder.resolve(file));
    }
  }

  private void write(String file, String content) throws IOException {
    Files.writeString(folder.resolve(file), content, StandardCharsets.UTF_8);
  }

  @Test
  void missingFolderIsNamed() {
    Path absent = folder.resolve("tokenizer");

    assertThatThrownBy(() -> ClipTokenizer.load(absent))
        .isInstanceOf(TokenizerLoadException.class)
        .hasMessageContaining(absent.toString())
        .hasMessageContaining("diffusers layout");
  }

  @Test
  void missingVocabularyIsNamedWithTheFix() throws IOException {
    copyFixture("merges.txt");

    assertThatThrownBy(() -> ClipTokenizer.load(folder))
        .isInstanceOf(TokenizerLoadException.class)
        .hasMessageContaining(folder.resolve("vocab.json").toString())
        .hasMessageContaining("is missing")
        .hasMessageContaining("export the tokenizer with the model");
  }

  @Test
  void missingMergesIsNamedWithTheFix() throws IOException {
    copyFixture("vocab.json");

    assertThatThrownBy(() -> ClipTokenizer.load(folder))
        .isInstanceOf(TokenizerLoadException.class)
        .hasMessageContaining(folder.resolve("merges.txt").toString())
        .hasMessageContaining("is missing");
  }

  @Test
  void vocabularyWithoutSpecialTokensIsRejected() throws IOException {
    copyFixture("merges.txt");
    write("vocab.json", "{\"a\": 0, \"b\": 1}");

    assertThatThrownBy(() -> ClipTokenizer.load(folder))
        .isInstanceOf(TokenizerLoadException.class)
        .hasMessageContaining(folder.resolve("vocab.json").toString())
        .hasMessageContaining("<|startoftext|>");
  }

  @Test
  void malformedVocabularyIsNamed() throws IOException {
    copyFixture("merges.txt");
    write("vocab.json", "[1, 2");

    assertThatThrownBy(() -> ClipTokenizer.load(folder))
        .isInstanceOf(TokenizerLoadException.class)
        .hasMessageContaining(folder.resolve("vocab.json").toString());
  }

  @Test
  void mergeLineWithUnknownTokenIsNamedWithItsLineNumber() throws IOException {
    copyFixture("vocab.json");
    write("merges.txt", "#version: 0.2\ni n\nzzqq xxyy\n");

    assertThatThrownBy(() -> ClipTokenizer.load(folder))
        .isInstanceOf(TokenizerLoadException.class)
        .hasMessageContaining(folder.resolve("merges.txt") + " line 3");
  }

  @Test
  void padTokenMissingFromVocabularyIsRejected() throws IOException {
    copyFixture("vocab.json", "merges.txt");
    write("special_tokens_map.json", "{\"pad_token\": \"<|pad|>\"}");

    assertThatThrownBy(() -> ClipTokenizer.load(folder))
        .isInstanceOf(TokenizerLoadException.class)
        .hasMessageContaining("pad token '<|pad|>'");
  }

  @Test
  void defaultsToEndTokenPaddingAnd77WithoutConfigFiles() throws IOException {
    copyFixture("vocab.json", "merges.txt");

    ClipTokenizer tokenizer = ClipTokenizer.load(folder);

    assertThat(tokenizer.padId()).isEqualTo(49407);
    assertThat(tokenizer.maxLength()).isEqualTo(77);
  }

  @Test
  void ignoresBlankLinesInMerges() throws IOException {
    copyFixture("vocab.json");
    String merges = Files.readString(FIXTURE.resolve("merges.txt"), StandardCharsets.UTF_8);
    write("merges.txt", merges.replace("\ni n\n", "\n\ni n\n\n") + "\n\n");

    assertThat(ClipTokenizer.load(folder).contentIds("a photo of an astronaut"))
        .containsExactly(320, 1125, 539, 550, 18376);
  }
}
