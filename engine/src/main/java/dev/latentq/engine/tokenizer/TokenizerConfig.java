package dev.latentq.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The settings a tokenizer folder carries besides its vocabulary: the padding token and the sequence length.
 *
 * @param padToken text of the padding token ({@code <|endoftext|>} for SD 1.x, {@code !} for SD 2.x / SDXL's second)
 * @param maxLength ids per encoded prompt, start and end tokens included
 */
record TokenizerConfig(String padToken, int maxLength) {

  static final String DEFAULT_PAD_TOKEN = "<|endoftext|>";
  static final int DEFAULT_MAX_LENGTH = 77;
  /** transformers writes "no limit" as 1e30; anything this large is a placeholder, not the text encoder's length. */
  private static final double PLACEHOLDER_MAX_LENGTH = 1_000_000;
  private static final String PAD_TOKEN = "pad_token";
  private static final String MAX_LENGTH = "model_max_length";

  /**
   * Reads {@code special_tokens_map.json} (preferred for the pad token) and {@code tokenizer_config.json}; both are
   * optional, a present but malformed one fails.
   */
  static TokenizerConfig read(Path folder, ObjectMapper json) {
    Path specialTokensFile = folder.resolve(TokenizerFiles.SPECIAL_TOKENS_MAP);
    Path configFile = folder.resolve(TokenizerFiles.TOKENIZER_CONFIG);
    JsonNode specialTokens = readOptional(specialTokensFile, json);
    JsonNode config = readOptional(configFile, json);
    String padToken = tokenText(specialTokens.get(PAD_TOKEN), specialTokensFile);
    if (padToken == null) {
      padToken = tokenText(config.get(PAD_TOKEN), configFile);
    }
    return new TokenizerConfig(padToken == null ? DEFAULT_PAD_TOKEN : padToken, maxLength(config, configFile));
  }

  private static JsonNode readOptional(Path file, ObjectMapper json) {
    if (!Files.exists(file)) {
      return json.createObjectNode();
    }
    try {
      JsonNode node = json.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new TokenizerLoadException(file + " is not a JSON object: "
            + "replace it with the one exported with the model, or delete it to use CLIP's defaults");
      }
      return node;
    } catch (IOException e) {
      throw new TokenizerLoadException(file + " could not be read as JSON (" + e.getMessage()
          + "): replace it with the one exported with the model, or delete it to use CLIP's defaults", e);
    }
  }

  /** A token is written either as its text or as an object whose "content" is the text. */
  private static String tokenText(JsonNode token, Path file) {
    if (token == null || token.isNull()) {
      return null;
    }
    JsonNode text = token.isObject() ? token.get("content") : token;
    if (text == null || !text.isTextual() || text.asText().isEmpty()) {
      throw new TokenizerLoadException(file + " has a " + PAD_TOKEN + " that is neither a string nor an object with "
          + "a \"content\" string: fix or delete the entry (the default is " + DEFAULT_PAD_TOKEN + ")");
    }
    return text.asText();
  }

  private static int maxLength(JsonNode config, Path file) {
    JsonNode value = config.get(MAX_LENGTH);
    if (value == null || value.isNull() || (value.isNumber() && value.asDouble() >= PLACEHOLDER_MAX_LENGTH)) {
      return DEFAULT_MAX_LENGTH;
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 2) {
      throw new TokenizerLoadException(file + " has " + MAX_LENGTH + " " + value + ", which is not a whole number "
          + "of at least 2: fix it (CLIP text encoders take " + DEFAULT_MAX_LENGTH + ") or delete it");
    }
    return value.asInt();
  }
}
