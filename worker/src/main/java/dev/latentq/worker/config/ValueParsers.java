package dev.latentq.worker.config;

import dev.latentq.protocol.Durations;
import dev.latentq.protocol.NamingRules;
import dev.latentq.protocol.Topics;
import dev.latentq.engine.model.ExecutionProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The parsers and checks behind {@link ConfigKeys}: one per kind of value. */
final class ValueParsers {
  private static final Pattern HOST_PORT = Pattern.compile(".*[^:]:(\\d{1,5})");
  private static final Pattern BYTE_SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)");

  private ValueParsers() {}

  /** Text with surrounding whitespace removed; blank is rejected. */
  static ValueParser<String> text() {
    return (text, baseDir) -> {
      String value = text.strip();
      if (value.isEmpty()) {
        throw new IllegalArgumentException("must not be blank");
      }
      return value;
    };
  }

  /** Text kept exactly as written (secrets may hold any character); only empty is rejected. */
  static ValueParser<String> exactText() {
    return (text, baseDir) -> {
      if (text.isEmpty()) {
        throw new IllegalArgumentException("must not be empty");
      }
      return text;
    };
  }

  /** Text kept as written, empty allowed (key prefixes). */
  static ValueParser<String> anyText() {
    return (text, baseDir) -> text;
  }

  static ValueParser<Integer> integer(int min, int max) {
    ValueParser<Integer> whole = (text, baseDir) -> {
      try {
        return Integer.parseInt(text.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be a whole number", e);
      }
    };
    return whole.require(v -> v >= min && v <= max, range(min, max));
  }

  static ValueParser<Long> longInteger(long min) {
    ValueParser<Long> whole = (text, baseDir) -> {
      try {
        return Long.parseLong(text.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be a whole number", e);
      }
    };
    return whole.require(v -> v >= min, "must be >= " + min);
  }

  /**
   * A byte count: a whole number of bytes, or one with a unit, binary ({@code KiB}, {@code MiB}, {@code GiB},
   * {@code TiB}) or decimal ({@code KB}, {@code MB}, {@code GB}, {@code TB}); {@code K}, {@code M}, {@code G},
   * {@code T} alone are binary, as for the JVM's -Xmx.
   */
  static ValueParser<Long> byteSize() {
    return (text, baseDir) -> {
      java.util.regex.Matcher m = BYTE_SIZE.matcher(text.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException("must be a byte size such as 6GiB, 512MiB or 0");
      }
      String unit = m.group(2).toUpperCase(Locale.ROOT);
      long multiplier = switch (unit) {
        case "", "B" -> 1L;
        case "K", "KIB" -> 1L << 10;
        case "M", "MIB" -> 1L << 20;
        case "G", "GIB" -> 1L << 30;
        case "T", "TIB" -> 1L << 40;
        case "KB" -> 1_000L;
        case "MB" -> 1_000_000L;
        case "GB" -> 1_000_000_000L;
        case "TB" -> 1_000_000_000_000L;
        default -> throw new IllegalArgumentException("unknown unit '" + m.group(2) + "': use B, KiB, MiB, GiB, TiB"
            + " (or KB, MB, GB, TB)");
      };
      double bytes = Double.parseDouble(m.group(1)) * multiplier;
      if (bytes > Long.MAX_VALUE) {
        throw new IllegalArgumentException("is too large");
      }
      return (long) bytes;
    };
  }

  /** A number in (0, max]. */
  static ValueParser<Double> positiveNumber(double max) {
    ValueParser<Double> number = (text, baseDir) -> {
      try {
        return Double.parseDouble(text.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be a number", e);
      }
    };
    return number.require(v -> v > 0 && v <= max, "must be > 0 and <= " + max);
  }

  /** A number in (0, 1]. */
  static ValueParser<Double> fraction() {
    ValueParser<Double> number = (text, baseDir) -> {
      try {
        return Double.parseDouble(text.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be a number", e);
      }
    };
    return number.require(v -> v > 0 && v <= 1, "must be > 0 and <= 1");
  }

  static ValueParser<Boolean> bool() {
    return (text, baseDir) -> switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  static ValueParser<Duration> duration(Duration min) {
    ValueParser<Duration> any = (text, baseDir) -> Durations.parse(text);
    String expectation = min.isZero() ? "must not be negative" : "must be at least " + Durations.format(min);
    return any.require(d -> d.compareTo(min) >= 0, expectation);
  }

  /** A file path; a relative one resolves against the directory of whatever set it. */
  static ValueParser<Path> path() {
    return (text, baseDir) -> {
      try {
        return baseDir.resolve(text.strip()).toAbsolutePath().normalize();
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("must be a file path (" + e.getReason() + ")", e);
      }
    };
  }

  /** One of fixed lower-case words, any case accepted. */
  static ValueParser<String> oneOf(String... words) {
    List<String> allowed = List.of(words);
    return (text, baseDir) -> {
      String word = text.strip().toLowerCase(Locale.ROOT);
      if (!allowed.contains(word)) {
        throw new IllegalArgumentException("must be one of " + String.join(", ", allowed));
      }
      return word;
    };
  }

  static ValueParser<ExecutionProvider> provider() {
    String names = Arrays.stream(ExecutionProvider.values()).map(ExecutionProvider::wireName)
        .collect(Collectors.joining(", "));
    return (text, baseDir) -> {
      try {
        return ExecutionProvider.fromName(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("must be one of " + names, e);
      }
    };
  }

  static ValueParser<String> id() {
    return text().require(NamingRules::isId, NamingRules.ID_EXPECTATION);
  }

  /** Kafka's {@code host:port[,host:port]}. */
  static ValueParser<String> bootstrapServers() {
    return text().require(v -> Arrays.stream(v.split(",", -1)).map(String::strip).allMatch(ValueParsers::isHostPort),
        "must be host:port[,host:port] with ports 1-65535");
  }

  static ValueParser<String> httpUrl() {
    return text().require(ValueParsers::isHttpUrl, "must be an http(s) URL such as http://localhost:9000");
  }

  static ValueParser<String> bucket() {
    return text().require(NamingRules::isBucket,
        "must be an S3 bucket name: 3-63 lower-case letters, digits, '.' or '-', starting and ending with a "
            + "letter or digit");
  }

  /**
   * Bucket names separated by commas (a YAML list arrives joined the same way); empty means none. Each must be a
   * valid bucket name.
   */
  static ValueParser<Set<String>> bucketList() {
    ValueParser<String> one = bucket();
    return (text, baseDir) -> {
      Set<String> buckets = new TreeSet<>();
      if (text.isBlank()) {
        return Set.of();
      }
      for (String entry : text.split(",", -1)) {
        try {
          buckets.add(one.parse(entry, baseDir));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("lists bucket '" + entry.strip() + "', which " + e.getMessage()
              + " (separate buckets with commas)", e);
        }
      }
      return Set.copyOf(buckets);
    };
  }

  static ValueParser<String> keyPrefix() {
    // The job contract owns the rule: a configured prefix must be one a job could name.
    return anyText().require(NamingRules::isSafeKeyPrefix, NamingRules.KEY_PREFIX_EXPECTATION);
  }

  static ValueParser<String> topic() {
    return text().require(ValueParsers::isTopicName, "must be a Kafka topic name: 1-249 characters of [A-Za-z0-9._-]");
  }

  private static String range(int min, int max) {
    return max == Integer.MAX_VALUE ? "must be >= " + min : "must be between " + min + " and " + max;
  }

  private static boolean isHostPort(String entry) {
    var matcher = HOST_PORT.matcher(entry);
    if (!matcher.matches()) {
      return false;
    }
    int port = Integer.parseInt(matcher.group(1));
    return port >= 1 && port <= 65535;
  }

  private static boolean isHttpUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  // Topics owns the naming rule; building a throwaway instance reuses it instead of restating it.
  private static boolean isTopicName(String name) {
    try {
      new Topics(name, name, name, name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
