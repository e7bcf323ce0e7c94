package dev.latentq.loadtest;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes durations the way the worker's configuration does: {@code 500ms}, {@code 30s}, {@code 2m},
 * {@code 1h}, {@code 1m30s}, {@code 1.5s} or ISO-8601 ({@code PT30S}). Stateless.
 */
public final class DurationText {

  private static final Pattern WHOLE = Pattern.compile("(\\d+(\\.\\d+)?(ms|h|m|s))+");
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

  private DurationText() {
  }

  /**
   * The duration written in {@code text}.
   *
   * @throws IllegalArgumentException naming the accepted forms if {@code text} is none of them
   */
  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (trimmed.startsWith("p")) {
      try {
        return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw invalid(text);
      }
    }
    if (!WHOLE.matcher(trimmed).matches()) {
      throw invalid(text);
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(trimmed);
    while (part.find()) {
      double amount = Double.parseDouble(part.group(1));
      long nanosPerUnit = switch (part.group(2)) {
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      total = total.plusNanos(Math.round(amount * nanosPerUnit));
    }
    return total;
  }

  /** A short human form, e.g. {@code 1m30s}, {@code 250ms} or {@code 1.5s}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis % 1000 != 0) {
      return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
    }
    long seconds = millis / 1000;
    StringBuilder text = new StringBuilder();
    if (seconds >= 3600) {
      text.append(seconds / 3600).append('h');
      seconds %= 3600;
    }
    if (seconds >= 60) {
      text.append(seconds / 60).append('m');
      seconds %= 60;
    }
    if (seconds > 0 || text.isEmpty()) {
      text.append(seconds).append('s');
    }
    return text.toString();
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("'" + text + "' is not a duration: write e.g. 500ms, 30s, 2m, 1h, 1m30s "
        + "or ISO-8601 (PT30S)");
  }
}
