package dev.latentq.worker.config;

import java.util.List;
import java.util.Locale;

/**
 * One single-valued configuration key: its dotted path in the file, how its text parses, its default, and the
 * environment variables that set it.
 *
 * @param path dotted path in the file, e.g. {@code engine.maxBatch}
 * @param parser parses and checks the value
 * @param defaultValue value when neither file nor environment sets it; null when there is none
 * @param aliases short environment variables named by the issue, e.g. {@code LATENTQ_MAX_BATCH}
 * @param secret never echo the value in messages
 */
record ConfigKey<T>(String path, ValueParser<T> parser, T defaultValue, List<String> aliases, boolean secret) {
  static final String ENV_PREFIX = "LATENTQ_";

  ConfigKey {
    aliases = List.copyOf(aliases);
  }

  static <T> ConfigKey<T> of(String path, ValueParser<T> parser, T defaultValue) {
    return new ConfigKey<>(path, parser, defaultValue, List.of(), false);
  }

  ConfigKey<T> alias(String variable) {
    return new ConfigKey<>(path, parser, defaultValue, List.of(variable), secret);
  }

  ConfigKey<T> asSecret() {
    return new ConfigKey<>(path, parser, defaultValue, aliases, true);
  }

  /** The generic variable: {@code LATENTQ_} + the path in upper snake case. */
  String envName() {
    return envName(path);
  }

  /** The variable to suggest in messages: the short alias when there is one. */
  String preferredEnvName() {
    return aliases.isEmpty() ? envName() : aliases.getFirst();
  }

  /** Every variable that sets this key, preferred first. */
  List<String> envNames() {
    return aliases.isEmpty() ? List.of(envName()) : List.of(aliases.getFirst(), envName());
  }

  /** {@code kafka.topics.deadLetter} → {@code LATENTQ_KAFKA_TOPICS_DEAD_LETTER}. */
  static String envName(String path) {
    StringBuilder name = new StringBuilder(ENV_PREFIX);
    for (char c : path.toCharArray()) {
      if (c == '.') {
        name.append('_');
      } else if (Character.isUpperCase(c)) {
        name.append('_').append(c);
      } else {
        name.append(Character.toUpperCase(c));
      }
    }
    return name.toString().toUpperCase(Locale.ROOT);
  }
}
