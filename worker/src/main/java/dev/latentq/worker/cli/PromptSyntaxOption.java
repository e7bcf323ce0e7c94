package dev.latentq.worker.cli;

import dev.latentq.engine.prompt.PromptSyntax;

/** The {@code --prompt-syntax} option's values, shared by the commands that take it. */
final class PromptSyntaxOption {
  private PromptSyntaxOption() {
  }

  static PromptSyntax parse(String value) {
    try {
      return PromptSyntax.fromName(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--prompt-syntax: " + e.getMessage(), e);
    }
  }
}
