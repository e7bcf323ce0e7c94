package dev.latentq.engine.tokenizer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Token string to id, as read from {@code vocab.json}. Immutable after reading, so thread-safe. */
final class Vocabulary {

  private final Map<String, Integer> idByToken;
  private final Path source;

  private Vocabulary(Map<String, Integer> idByToken, Path source) {
    this.idByToken = idByToken;
    this.source = source;
  }

  static Vocabulary read(Path file, ObjectMapper json) {
    TokenizerFiles.requireReadable(file);
    Map<String, Integer> entries = new HashMap<>();
    // Streamed rather than bound to a Map type: with ~49k entries this halves the cold load time.
    try (JsonParser parser = json.createParser(file.toFile())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw notAVocabulary(file, "it does not start with a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String token = parser.currentName();
        if (parser.nextToken() != JsonToken.VALUE_NUMBER_INT || parser.getIntValue() < 0) {
          throw notAVocabulary(file, "the id of '" + token + "' is not a non-negative whole number");
        }
        entries.put(token, parser.getIntValue());
      }
    } catch (IOException e) {
      throw notAVocabulary(file, e.getMessage());
    }
    if (entries.isEmpty()) {
      throw notAVocabulary(file, "it is empty");
    }
    return new Vocabulary(entries, file);
  }

  private static TokenizerLoadException notAVocabulary(Path file, String problem) {
    return new TokenizerLoadException(file + " is not a JSON object of token to id (" + problem
        + "): replace it with the vocab.json exported with the model");
  }

  /** The id of {@code token}, or -1 when the vocabulary does not have it. */
  int idOf(String token) {
    Integer id = idByToken.get(token);
    return id == null ? -1 : id;
  }

  /** The id of {@code token}; fails naming the vocabulary file when it is absent. */
  int require(String token, String role) {
    int id = idOf(token);
    if (id < 0) {
      throw new TokenizerLoadException(source + " has no entry for " + role + " '" + token
          + "': use the CLIP vocab.json that ships with the model (diffusers layout)");
    }
    return id;
  }

  Path source() {
    return source;
  }
}
