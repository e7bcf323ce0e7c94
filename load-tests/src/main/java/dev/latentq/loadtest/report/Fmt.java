package dev.latentq.loadtest.report;

import dev.latentq.loadtest.stats.LatencySummary;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Number formatting for reports: fixed decimals, a dash for missing values. Stateless. */
final class Fmt {

  static final String NONE = "–";

  private Fmt() {
  }

  /** Milliseconds with one decimal, e.g. {@code 1234.5}. */
  static String ms(double millis) {
    return String.format(Locale.ROOT, "%.1f", millis);
  }

  /** One field of a latency summary in milliseconds, or a dash when there were no samples. */
  static String ms(LatencySummary summary, ToDoubleFunction<LatencySummary> field) {
    return summary == null ? NONE : ms(field.applyAsDouble(summary));
  }

  /** A rate with two decimals. */
  static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%.2f", perSecond);
  }

  /** A rate with two decimals, or a dash. */
  static String rate(Double perSecond) {
    return perSecond == null ? NONE : rate(perSecond.doubleValue());
  }

  /** A share of a total as a percentage with one decimal. */
  static String percent(long part, long total) {
    return total == 0 ? NONE : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / total);
  }

  /** A number with up to three decimals and no trailing zeros, e.g. {@code 2}, {@code 0.5}. */
  static String number(double value) {
    return String.format(Locale.ROOT, "%.3f", value).replaceAll("\\.?0+$", "");
  }

  /** Seconds with up to three decimals. */
  static String seconds(double seconds) {
    return number(seconds) + " s";
  }
}
