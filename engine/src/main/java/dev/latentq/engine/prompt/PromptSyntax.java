package dev.latentq.engine.prompt;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a prompt's text is read.
 *
 * <ul>
 *   <li>{@link #PLAIN}: diffusers' reading — brackets are ordinary text, one 77-token window, content beyond 75
 *       tokens is cut. The default, so that existing prompts keep their meaning and their images.</li>
 *   <li>{@link #A1111}: AUTOMATIC1111's — {@code (text)}, {@code [text]}, {@code (text:w)} emphasis, escapes,
 *       {@code BREAK}, and prompts of any length split into 75-token chunks that are encoded separately.</li>
 * </ul>
 */
public enum PromptSyntax {
  PLAIN("plain"),
  A1111("a1111");

  private final String wireName;

  PromptSyntax(String wireName) {
    this.wireName = wireName;
  }

  /** The name used on the wire, in configuration and on the command line. */
  public String wireName() {
    return wireName;
  }

  /** Parses a wire name (case-insensitive). */
  public static PromptSyntax fromName(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (PromptSyntax syntax : values()) {
      if (syntax.wireName.equals(wanted)) {
        return syntax;
      }
    }
    throw new IllegalArgumentException("unknown prompt syntax '" + name + "': use one of "
        + Arrays.stream(values()).map(PromptSyntax::wireName).toList());
  }
}
