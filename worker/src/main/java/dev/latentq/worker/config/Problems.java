package dev.latentq.worker.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects configuration problems so that one run reports all of them, each ending with where to fix it.
 * Not thread-safe: one per load.
 */
final class Problems {
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

  private final String fileLabel;
  private final List<String> messages = new ArrayList<>();

  /** @param fileName the config file's name, or null without a file */
  Problems(String fileName) {
    this.fileLabel = fileName == null ? "the config file" : fileName;
  }

  String fileLabel() {
    return fileLabel;
  }

  /** A message that already says where to fix it. */
  void add(String message) {
    messages.add(message);
  }

  /** {@code <path> <expectation>, got <value> (<where>)}. */
  void invalid(ConfigKey<?> key, RawValue raw, String expectation) {
    String shown = key.secret() ? "a hidden value" : show(raw.text());
    add(key.path() + " " + expectation + ", got " + shown + " " + where(key.preferredEnvName(), raw.origin()));
  }

  /** {@code <message> (<where>)} for a problem with a key's value. */
  void add(String message, String envName, Origin origin) {
    add(message + " " + where(envName, origin));
  }

  /** Where to change the value: the variable that set it, or the file and the variable that would override it. */
  String where(String envName, Origin origin) {
    return origin.isEnvironment()
        ? "(from environment variable " + origin.name() + ")"
        : "(set in " + fileLabel + " or " + envName + ")";
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  void throwIfAny() {
    if (!messages.isEmpty()) {
      throw new ConfigException(messages);
    }
  }

  private static String show(String text) {
    return NUMBER.matcher(text).matches() ? text : "'" + text + "'";
  }
}
