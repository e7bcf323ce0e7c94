package dev.latentq.worker.storage;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks S3 user metadata before sending it. Keys travel as {@code x-amz-meta-<key>} HTTP headers, which S3
 * lowercases and some proxies drop when they contain '_'; values must be header-safe ASCII.
 */
final class UserMetadata {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
  private static final Pattern VALUE = Pattern.compile("[\\x20-\\x7E]*");

  private UserMetadata() {
  }

  /** What is wrong with the metadata, or null when it is fine. */
  static String problem(Map<String, String> metadata) {
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      String key = entry.getKey();
      if (key == null || !KEY.matcher(key).matches()) {
        return "user metadata key '" + key + "' is invalid: use letters, digits and '-' (e.g. job-id)";
      }
      String value = entry.getValue();
      if (value == null || !VALUE.matcher(value).matches()) {
        return "user metadata value of '" + key + "' must be printable ASCII (got " + describe(value)
            + "): encode it, e.g. URL-encode non-ASCII text";
      }
    }
    return null;
  }

  private static String describe(String value) {
    return value == null ? "null" : value.length() + " characters including non-printable or non-ASCII ones";
  }
}
