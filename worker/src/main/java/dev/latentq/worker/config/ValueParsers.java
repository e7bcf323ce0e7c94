package dev.latentq.worker.config;

import dev.latentq.engine.model.ExecutionProvider;
import dev.latentq.protocol.Durations;
import dev.latentq.protocol.NamingRules;
import dev.latentq.protocol.Topics;
import java.math.BigDecimal;
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
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One parser per kind of value. A failure throws {@link IllegalArgumentException} whose message is the expectation,
 * phrased to follow the key, e.g. {@code "must be a whole number"}.
 */
final class ValueParsers {
  private static final Pattern HOST_PORT = Pattern.compile(".*[^:]:(\\d{1,5})");

  /** Turns a value's text into a typed value; relative paths resolve against {@code baseDir}. */
  @FunctionalInterface
  interface ValueParser<T> {
    T parse(String text, Path baseDir);

    /** This parser, then a check that fails with {@code expectation} when {@code valid} is false. */
    default ValueParser<T> require(Predicate<? super T> valid, String expectation) {
      return (text, baseDir) -> {
        T value = parse(text, baseDir);
        if (!valid.test(value)) {
          throw new IllegalArgumentException(expectation);
        }
        return value;
      };
    }
  }

  private ValueParsers() {}

  /** Text stripped; blank is rejected. */
  static ValueParser<String> text() {
    return (text, baseDir) -> of(text.strip(), s -> !s.isEmpty(), "must not be blank");
  }

  /** Text kept exactly as written (secrets may hold any character); only empty is rejected. */
  static ValueParser<String> exactText() {
    return (text, baseDir) -> of(text, s -> !s.isEmpty(), "must not be empty");
  }

  /** Text kept as written, empty allowed. */
  static ValueParser<String> anyText() {
    return (text, baseDir) -> text;
  }

  /** A whole number in [min, max]; {@code Integer.MAX_VALUE} or {@code Long.MAX_VALUE} as max means no upper bound. */
  static ValueParser<Long> whole(long min, long max) {
    ValueParser<Long> whole = (text, baseDir) -> number(text, "must be a whole number",
        max > Integer.MAX_VALUE ? Long::parseLong : s -> (long) Integer.parseInt(s));
    boolean unbounded = max == Integer.MAX_VALUE || max == Long.MAX_VALUE;
    return whole.require(v -> v >= min && v <= max,
        unbounded ? "must be >= " + min : "must be between " + min + " and " + max);
  }

  /** A number in (0, max]. */
  static ValueParser<Double> positive(double max) {
    ValueParser<Double> number = (text, baseDir) -> number(text, "must be a number", Double::parseDouble);
    return number.require(v -> v > 0 && v <= max,
        "must be > 0 and <= " + BigDecimal.valueOf(max).stripTrailingZeros().toPlainString());
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
    return any.require(d -> d.compareTo(min) >= 0,
        min.isZero() ? "must not be negative" : "must be at least " + Durations.format(min));
  }

  static ValueParser<Long> byteSize() {
    return (text, baseDir) -> ByteSize.parse(text);
  }

  /** A file path, absolute and normalized. */
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
    return (text, baseDir) -> of(text.strip().toLowerCase(Locale.ROOT), allowed::contains,
        "must be one of " + String.join(", ", allowed));
  }

  static ValueParser<ExecutionProvider> provider() {
    ValueParser<String> names = oneOf(Arrays.stream(ExecutionProvider.values()).map(ExecutionProvider::wireName)
        .toArray(String[]::new));
    return (text, baseDir) -> ExecutionProvider.fromName(names.parse(text, baseDir));
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
    return text().require(NamingRules::isBucket, "must be an S3 bucket name: 3-63 lower-case letters, digits, "
        + "'.' or '-', starting and ending with a letter or digit");
  }

  /** Bucket names separated by commas (a YAML list arrives joined the same way); empty means none. */
  static ValueParser<Set<String>> bucketList() {
    ValueParser<String> one = bucket();
    return (text, baseDir) -> {
      Set<String> buckets = new TreeSet<>();
      for (String entry : text.isBlank() ? new String[0] : text.split(",", -1)) {
        try {
          buckets.add(one.parse(entry, baseDir));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("lists bucket '" + entry.strip() + "', which " + e.getMessage()
              + " (separate buckets with commas)", e);
        }
      }
      return buckets;
    };
  }

  /** The job contract owns the rule: a configured prefix must be one a job could name. */
  static ValueParser<String> keyPrefix() {
    return anyText().require(NamingRules::isSafeKeyPrefix, NamingRules.KEY_PREFIX_EXPECTATION);
  }

  static ValueParser<String> topic() {
    return text().require(ValueParsers::isTopicName, "must be a Kafka topic name: 1-249 characters of [A-Za-z0-9._-]");
  }

  private static <T> T of(T value, Predicate<T> valid, String expectation) {
    if (!valid.test(value)) {
      throw new IllegalArgumentException(expectation);
    }
    return value;
  }

  private static <T> T number(String text, String expectation, Function<String, T> parse) {
    try {
      return parse.apply(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(expectation, e);
    }
  }

  private static boolean isHostPort(String entry) {
    var matcher = HOST_PORT.matcher(entry);
    return matcher.matches() && Integer.parseInt(matcher.group(1)) >= 1 && Integer.parseInt(matcher.group(1)) <= 65535;
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
      return new Topics(name, name, name, name) != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
