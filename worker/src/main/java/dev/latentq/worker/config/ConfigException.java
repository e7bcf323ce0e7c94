package dev.latentq.worker.config;

import java.util.List;

/**
 * The configuration is unusable; lists every problem found, each naming the key, where it was set and the fix.
 * An {@link IllegalArgumentException} so that command lines report it as bad input.
 */
public final class ConfigException extends IllegalArgumentException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(problems.size() == 1 ? "invalid configuration: " + problems.getFirst()
        : "invalid configuration, " + problems.size() + " problems:" + System.lineSeparator() + "  - "
            + String.join(System.lineSeparator() + "  - ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One message per problem, in the order found. */
  public List<String> problems() {
    return problems;
  }
}
