package dev.latentq.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The naming rules LatentQ enforces wherever a name is written: job and model ids, S3 bucket names, object keys and
 * key prefixes. The job validator and the worker's configuration both ask these, so the two cannot drift apart;
 * each caller words its own message. The JSON Schema states the same rules (a test keeps it in step).
 */
public final class NamingRules {
  /**
   * Job ids, model ids and worker ids: 1-128 characters of {@code [A-Za-z0-9._-]}, other than {@code .} and
   * {@code ..} (they match the characters but can never be stored: as a key segment they name a directory).
   */
  public static final String ID_PATTERN = "(?!\\.{1,2}$)[A-Za-z0-9._-]{1,128}";
  /** What a valid id (job or model) looks like, as violation messages and configuration errors say it. */
  public static final String ID_EXPECTATION = "must be 1-128 characters of [A-Za-z0-9._-], other than '.' and '..'";
  /**
   * Most UTF-8 bytes of one '/'-separated segment of an object key: filesystem-backed stores (MinIO, S3Proxy) keep
   * each segment as a file or directory name, and file systems cap those at 255 bytes.
   */
  public static final int MAX_KEY_SEGMENT_BYTES = 255;
  /** What a valid key prefix looks like, as violation messages and configuration errors say it. */
  public static final String KEY_PREFIX_EXPECTATION = "must be at most 512 characters, not start with '/' and not "
      + "contain '\\', control characters, a '.' or '..' segment or a segment over " + MAX_KEY_SEGMENT_BYTES
      + " bytes";

  /**
   * LoRA names: 1-128 characters of {@code [A-Za-z0-9._-]}, not starting with a dot. A name, never a path: no
   * separator, and no {@code .}, {@code ..} or hidden file.
   */
  public static final String LORA_NAME_PATTERN = "[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}";
  /** What a valid LoRA name looks like, as violation messages and rejections say it. */
  public static final String LORA_NAME_EXPECTATION = "must be 1-128 characters of [A-Za-z0-9._-], not starting with"
      + " '.' (a name the worker looks up in its LoRA sources, not a path)";

  private static final Pattern ID = Pattern.compile(ID_PATTERN);
  private static final Pattern LORA_NAME = Pattern.compile(LORA_NAME_PATTERN);
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
  private static final Pattern CONTROL = Pattern.compile("[\\x{0}-\\x{1f}\\x{7f}-\\x{9f}]");
  private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.{1,2}(/|$)");

  private NamingRules() {}

  /** Whether {@code text} is a valid id ({@link #ID_PATTERN}); safe to echo as a record key or event subject. */
  public static boolean isId(String text) {
    return text != null && ID.matcher(text).matches();
  }

  /**
   * Whether {@code text} is a valid LoRA name ({@link #LORA_NAME_PATTERN}): safe as a file name and a key's last
   * segment.
   */
  public static boolean isLoraName(String text) {
    return text != null && LORA_NAME.matcher(text).matches();
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
   * Whether {@code prefix} is a safe object-key prefix: no leading '/', no '\', no control characters, no {@code .}
   * or {@code ..} segment (so a prefix cannot climb out of its folder in tools that treat keys as paths, and
   * stores never resolve it as a directory) and no segment over {@value #MAX_KEY_SEGMENT_BYTES} bytes.
   */
  public static boolean isSafeKeyPrefix(String prefix) {
    return prefix != null && !prefix.startsWith("/") && !prefix.contains("\\") && !hasControlCharacter(prefix)
        && !DOT_SEGMENT.matcher(prefix).find() && longestSegmentBytes(prefix) <= MAX_KEY_SEGMENT_BYTES;
  }

  /**
   * Why a whole object key cannot be stored on every S3-compatible store, or empty when it can: a '.' or '..'
   * segment, or a segment over {@value #MAX_KEY_SEGMENT_BYTES} bytes. For keys a worker builds from a prefix and
   * a job id, whose last prefix segment and the id share one segment.
   */
  public static Optional<String> keySegmentProblem(String key) {
    if (DOT_SEGMENT.matcher(key).find()) {
      return Optional.of("key '" + key + "' has a '.' or '..' segment, which stores resolve as a directory");
    }
    int longest = longestSegmentBytes(key);
    if (longest > MAX_KEY_SEGMENT_BYTES) {
      return Optional.of("a segment of the key is " + longest + " bytes long; stores backed by a file system"
          + " (MinIO, S3Proxy) allow " + MAX_KEY_SEGMENT_BYTES);
    }
    return Optional.empty();
  }

  private static int longestSegmentBytes(String key) {
    int longest = 0;
    for (String segment : key.split("/", -1)) {
      longest = Math.max(longest, segment.getBytes(StandardCharsets.UTF_8).length);
    }
    return longest;
  }
}
