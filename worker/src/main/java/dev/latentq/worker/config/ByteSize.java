package dev.latentq.worker.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as people write them: {@code 6GiB}, {@code 512MiB}, {@code 1.5GB}, or plain bytes ({@code 1048576}). */
final class ByteSize {
  static final String EXPECTATION = "must be a byte size such as 512MiB, 6GiB or a plain number of bytes";
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b|b)?");
  private static final Map<String, Long> UNITS = Map.of("b", 1L, "kb", 1_000L, "mb", 1_000_000L,
      "gb", 1_000_000_000L, "tb", 1_000_000_000_000L, "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30,
      "tib", 1L << 40);

  private ByteSize() {}

  /** The size in bytes; throws {@link IllegalArgumentException} saying what is expected. */
  static long parse(String text) {
    Matcher size = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!size.matches()) {
      throw new IllegalArgumentException(EXPECTATION);
    }
    BigDecimal bytes = new BigDecimal(size.group(1)).multiply(BigDecimal.valueOf(UNITS.get(
        size.group(2) == null ? "b" : size.group(2))));
    try {
      return bytes.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(EXPECTATION + " (at most 8 EiB)", e);
    }
  }
}
