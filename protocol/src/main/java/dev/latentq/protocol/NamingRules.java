package dev.latentq.protocol;

import java.util.regex.Pattern;

/**
 * The naming rules LatentQ enforces wherever a name is written: job and model ids, S3 bucket names, object keys and
 * key prefixes. The job validator and the worker's configuration both ask these, so the two cannot drift apart;
 * each caller words its own message. The JSON Schema states the same rules (a test keeps it in step).
 */
public final class NamingRules {
  /** Job ids, model ids and worker ids: 1-128 characters of {@code [A-Za-z0-9._-]}. */
  public static final String ID_PATTERN = "[A-Za-z0-9._-]{1,128}";

  private static final Pattern ID = Pattern.compile(ID_PATTERN);
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
  private static final Pattern CONTROL = Pattern.compile("[\\x{0}-\\x{1f}\\x{7f}-\\x{9f}]");
  private static final Pattern DOT_DOT_SEGMENT = Pattern.compile("(^|/)\\.\\.(/|$)");

  private NamingRules() {}

  /** Whether {@code text} is a valid id ({@link #ID_PATTERN}); safe to echo as a record key or event subject. */
  public static boolean isId(String text) {
    return text != null && ID.matcher(text).matches();
  }

  /**
   * Whether {@code text} is an S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a
   * letter or digit, no two dots in a row, not shaped like an IP address.
   */
  public static boolean isBucket(String text) {
    return text != null && BUCKET.matcher(text).matches() && !text.contains("..")
        && !IP_ADDRESS.matcher(text).matches();
  }

  /** Whether {@code text} holds a C0 or C1 control character (not allowed in keys, prefixes or headers). */
  public static boolean hasControlCharacter(String text) {
    return CONTROL.matcher(text).find();
  }

  /**
   * Whether {@code prefix} is a safe object-key prefix: no leading '/', no '\', no control characters and no
   * {@code ..} segment (so a prefix cannot climb out of its folder in tools that treat keys as paths).
   */
  public static boolean isSafeKeyPrefix(String prefix) {
    return !prefix.startsWith("/") && !prefix.contains("\\") && !hasControlCharacter(prefix)
        && !DOT_DOT_SEGMENT.matcher(prefix).find();
  }
}
