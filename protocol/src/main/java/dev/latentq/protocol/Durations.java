package dev.latentq.protocol;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes durations as people type them in configuration and on command lines (the worker and the load
 * tests share this one parser): {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}, combinations such as
 * {@code 1m30s}, decimals such as {@code 1.5s}, and ISO-8601 ({@code PT30S}). A bare number is rejected: its unit
 * would be a guess.
 */
public final class Durations {
  private static final String EXPECTATION = "must be a duration such as 500ms, 30s, 2m, 1h, 1m30s or PT30S";

  private static final Pattern WHOLE = Pattern.compile("-?(\\d+(\\.\\d+)?(ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

  private Durations() {}

  /** Parses a duration; throws {@link IllegalArgumentException} saying what is expected. */
  public static Duration parse(String text) {
    String trimmed = text.strip().toLowerCase(Locale.ROOT);
    if (trimmed.startsWith("p") || trimmed.startsWith("-p")) {
      try {
        return Duration.parse(trimmed);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(EXPECTATION, e);
      }
    }
    if (!WHOLE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(EXPECTATION);
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher part = PART.matcher(trimmed);
    while (part.find()) {
      nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unitNanos(part.group(2)))));
    }
    try {
      long total = nanos.setScale(0, RoundingMode.HALF_UP).longValueExact();
      return Duration.ofNanos(trimmed.startsWith("-") ? -total : total);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(EXPECTATION + " and at most about 292 years", e);
    }
  }

  /** Writes the compact form {@link #parse} reads back, e.g. {@code 1m30s}, {@code 500ms}, {@code 0s}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    if (duration.getNano() % 1_000_000 != 0) {
      return duration.toString();
    }
    StringBuilder text = new StringBuilder();
    append(text, duration.toDaysPart(), "d");
    append(text, duration.toHoursPart(), "h");
    append(text, duration.toMinutesPart(), "m");
    append(text, duration.toSecondsPart(), "s");
    append(text, duration.toMillisPart(), "ms");
    return text.toString();
  }

  private static void append(StringBuilder text, long amount, String unit) {
    if (amount != 0) {
      text.append(amount).append(unit);
    }
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      case "d" -> 86_400_000_000_000L;
      default -> throw new IllegalStateException("unit " + unit + " matched the pattern but has no length");
    };
  }
}
