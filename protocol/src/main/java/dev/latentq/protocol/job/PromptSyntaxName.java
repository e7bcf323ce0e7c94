package dev.latentq.protocol.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * How a job's prompts are read, by wire name: {@code plain} (diffusers: brackets are text, 75 tokens at most) or
 * {@code a1111} (AUTOMATIC1111 emphasis, {@code BREAK} and long prompts in 75-token chunks).
 */
public enum PromptSyntaxName {
  PLAIN("plain"),
  A1111("a1111");

  private final String wireName;

  PromptSyntaxName(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in job JSON. */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** All wire names, in declaration order. */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(PromptSyntaxName::wireName).toList();
  }

  /**
   * The syntax with this wire name.
   *
   * @throws IllegalArgumentException naming the accepted values if there is none
   */
  @JsonCreator
  public static PromptSyntaxName fromWireName(String wireName) {
    for (PromptSyntaxName name : values()) {
      if (name.wireName.equals(wireName)) {
        return name;
      }
    }
    throw new IllegalArgumentException(
        "unknown prompt syntax '" + wireName + "': use one of " + String.join(", ", wireNames()));
  }
}
