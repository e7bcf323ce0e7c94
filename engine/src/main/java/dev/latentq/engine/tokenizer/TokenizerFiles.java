package dev.latentq.engine.tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;

/** File names of a tokenizer folder in the diffusers layout, and the shared "is it there" check. */
final class TokenizerFiles {

  static final String VOCAB = "vocab.json";
  static final String MERGES = "merges.txt";
  static final String SPECIAL_TOKENS_MAP = "special_tokens_map.json";
  static final String TOKENIZER_CONFIG = "tokenizer_config.json";

  private TokenizerFiles() {
  }

  static void requireReadable(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new TokenizerLoadException(file + " is missing: export the tokenizer with the model "
          + "(diffusers layout: tokenizer/" + VOCAB + ", tokenizer/" + MERGES + ")");
    }
    if (!Files.isReadable(file)) {
      throw new TokenizerLoadException(file + " is not readable: grant the worker read access to the model folder");
    }
  }
}
