package dev.latentq.worker.config;

import static java.util.Map.entry;

import dev.latentq.engine.model.ExecutionProvider;
import dev.latentq.protocol.Durations;
import dev.latentq.protocol.NamingRules;
import dev.latentq.protocol.Topics;
import dev.latentq.worker.config.WorkerConfig.EngineSettings;
import dev.latentq.worker.config.WorkerConfig.KafkaSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One parser per kind of value, and the kind each key takes; a failure throws an exception whose message is the
 * expectation ("must be ...").
 */
final class ValueParsers {
  static final String BYTES = "must be a byte size such as 512MiB, 6GiB or a plain number of bytes";
  private static final Pattern HOST_PORT = Pattern.compile(".*[^:]:(\\d{1,5})");
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b|b)?");
  private static final Map<String, Long> UNITS = Map.of("b", 1L, "kb", 1_000L, "mb", 1_000_000L, "gb", 1_000_000_000L,
      "tb", 1_000_000_000_000L, "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30, "tib", 1L << 40);

  /** Turns a value's text into a typed value; relative paths resolve against {@code baseDir}. */
  @FunctionalInterface
  interface ValueParser<T> {
    T parse(String text, Path baseDir);
  }

  static final ValueParser<String> TEXT = text(any -> true, "");
  /** Kept exactly as written: secrets may hold any character. */
  static final ValueParser<String> SECRET = (text, baseDir) -> check(text, !text.isEmpty(), "must not be empty");
  static final ValueParser<Boolean> BOOL = (text, baseDir) -> Boolean.parseBoolean(check(text.strip(),
      text.strip().equalsIgnoreCase("true") || text.strip().equalsIgnoreCase("false"), "must be true or false"));
  /** A file path, absolute and normalized. */
  static final ValueParser<Path> PATH = (text, baseDir) -> baseDir.resolve(text.strip()).toAbsolutePath().normalize();
  /** Kafka's {@code host:port[,host:port]}. */
  static final ValueParser<String> BOOTSTRAP_SERVERS = text(servers -> Arrays.stream(servers.split(",", -1))
      .map(entry -> HOST_PORT.matcher(entry.strip())).allMatch(port -> port.matches()
          && Integer.parseInt(port.group(1)) >= 1 && Integer.parseInt(port.group(1)) <= 65535),
      "must be host:port[,host:port] with ports 1-65535");
  static final ValueParser<String> HTTP_URL = text(url -> List.of("http", "https").contains(String.valueOf(URI
      .create(url).getScheme()).toLowerCase(Locale.ROOT)) && URI.create(url).getHost() != null,
      "must be an http(s) URL such as http://localhost:9000");
  static final ValueParser<String> BUCKET = text(NamingRules::isBucket, "must be an S3 bucket name: 3-63 lower-case "
      + "letters, digits, '.' or '-', starting and ending with a letter or digit");
  /** The job contract owns the rule: a configured prefix must be one a job could name. */
  static final ValueParser<String> KEY_PREFIX = (text, baseDir) -> check(text, NamingRules.isSafeKeyPrefix(text),
      NamingRules.KEY_PREFIX_EXPECTATION);
  /** Topics owns the naming rule; building a throwaway instance reuses it instead of restating it. */
  static final ValueParser<String> TOPIC = text(name -> new Topics(name, name, name, name) != null,
      "must be a Kafka topic name: 1-249 characters of [A-Za-z0-9._-]");
  /** Bucket names separated by commas (a YAML list arrives joined the same way); empty means none. */
  static final ValueParser<Set<String>> BUCKET_LIST = (text, baseDir) -> Arrays.stream(text.split(",", -1))
      .filter(entry -> !text.isBlank()).map(entry -> attempt(entry, "lists bucket '" + entry.strip() + "', which %s"
          + " (separate buckets with commas)", name -> BUCKET.parse(name, baseDir)))
      .collect(Collectors.toCollection(TreeSet::new));
  private static final long ANY = Integer.MAX_VALUE;
  /** The parser of each key of the example file. */
  static final Map<String, ValueParser<?>> PARSERS = Map.ofEntries(
      entry("workerId", text(NamingRules::isId, NamingRules.ID_EXPECTATION)),
      entry("kafka.bootstrapServers", BOOTSTRAP_SERVERS), entry("kafka.groupId", TEXT),
      entry("kafka.topics.jobs", TOPIC), entry("kafka.topics.events", TOPIC),
      entry("kafka.topics.control", TOPIC), entry("kafka.topics.deadLetter", TOPIC),
      entry("kafka.groupProtocol", oneOf(KafkaSettings.CONSUMER_PROTOCOL, KafkaSettings.CLASSIC_PROTOCOL)),
      entry("kafka.commitInterval", duration(Duration.ofMillis(1))), entry("storage.endpoint", HTTP_URL),
      entry("storage.accessKey", SECRET), entry("storage.secretKey", SECRET), entry("storage.region", TEXT),
      entry("storage.bucket", BUCKET), entry("storage.keyPrefix", KEY_PREFIX),
      entry("storage.outputBuckets", BUCKET_LIST), entry("storage.inputBuckets", BUCKET_LIST),
      entry("storage.createBucket", BOOL), entry("storage.retryBudget", duration(Duration.ZERO)),
      entry("engine.mode", oneOf(EngineSettings.ONNX, EngineSettings.SIMULATED)),
      entry("engine.provider", oneOf(Arrays.stream(ExecutionProvider.values()).map(ExecutionProvider::wireName)
          .toArray(String[]::new))),
      entry("engine.deviceId", whole(0, ANY)), entry("engine.intraOpThreads", whole(0, ANY)),
      entry("engine.maxBatch", whole(1, ANY)), entry("engine.maxQueuedJobs", whole(1, ANY)),
      entry("engine.memoryBudget", byteSize()), entry("engine.costModel", TEXT),
      entry("engine.tensorRtCacheDir", (text, baseDir) -> text), entry("engine.admission", oneOf("step", "request")),
      entry("engine.maxQueueDelay", duration(Duration.ZERO)), entry("engine.maxDecodeBatch", whole(1, ANY)),
      entry("engine.maxDecodeDelay", duration(Duration.ZERO)), entry("engine.batchTextEncoding", BOOL),
      entry("engine.maxPreemptions", whole(0, ANY)), entry("engine.maxStepLatency", duration(Duration.ZERO)),
      entry("engine.priorityStepLatency", duration(Duration.ZERO)),
      entry("limits.maxSteps", whole(1, ANY)), entry("limits.maxImages", whole(1, ANY)),
      entry("limits.maxSide", whole(64, ANY)), entry("limits.maxPixels", whole(64 * 64, Long.MAX_VALUE)),
      entry("limits.maxInitImagePixels", whole(1, Long.MAX_VALUE)), entry("limits.maxPromptChunks", whole(1, 1000)),
      entry("loras.folder", PATH), entry("loras.maxPerJob", whole(1, 16)), entry("loras.maxScale", positive(100)),
      entry("loras.bucket", BUCKET), entry("loras.prefix", KEY_PREFIX), entry("loras.cacheFolder", PATH),
      entry("loras.cacheSize", byteSize()), entry("loras.keptVariants", whole(1, ANY)),
      entry("defaults.strength", positive(1)), entry("defaults.progressInterval", duration(Duration.ZERO)),
      entry("defaults.promptSyntax", oneOf("plain", "a1111")), entry("http.host", TEXT),
      entry("http.port", whole(0, 65535)), entry("drainTimeout", duration(Duration.ZERO)));

  private ValueParsers() {}

  /** Text stripped, not blank, and {@code valid}; a check that throws (such as a constructor's rule) says no. */
  static ValueParser<String> text(Predicate<String> valid, String expectation) {
    return (text, baseDir) -> check(text.strip(), !text.isBlank() && attempt(text.strip(), expectation,
        valid::test), text.isBlank() ? "must not be blank" : expectation);
  }

  /** A whole number in [min, max]; {@code Integer.MAX_VALUE} or {@code Long.MAX_VALUE} as max means no bound. */
  static ValueParser<Long> whole(long min, long max) {
    return (text, baseDir) -> {
      long value = attempt(text.strip(), "must be a whole number", max > Integer.MAX_VALUE ? Long::parseLong
          : digits -> (long) Integer.parseInt(digits));
      return check(value, value >= min && value <= max, max == Integer.MAX_VALUE || max == Long.MAX_VALUE
          ? "must be >= " + min : "must be between " + min + " and " + max);
    };
  }

  /** A number in (0, max]. */
  static ValueParser<Double> positive(double max) {
    return (text, baseDir) -> {
      double value = attempt(text.strip(), "must be a number", Double::parseDouble);
      return check(value, value > 0 && value <= max,
          "must be > 0 and <= " + BigDecimal.valueOf(max).stripTrailingZeros().toPlainString());
    };
  }

  static ValueParser<Duration> duration(Duration min) {
    return (text, baseDir) -> check(Durations.parse(text), Durations.parse(text).compareTo(min) >= 0,
        min.isZero() ? "must not be negative" : "must be at least " + Durations.format(min));
  }

  /** {@code 6GiB}, {@code 512MiB}, {@code 1.5GB} or plain bytes. */
  static ValueParser<Long> byteSize() {
    return (text, baseDir) -> {
      Matcher size = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
      BigDecimal bytes = new BigDecimal(check(size, size.matches(), BYTES).group(1))
          .multiply(BigDecimal.valueOf(UNITS.get(size.group(2) == null ? "b" : size.group(2))));
      return attempt(bytes, BYTES + " (at most 8 EiB)", b -> b.setScale(0, RoundingMode.HALF_UP).longValueExact());
    };
  }

  /** One of fixed lower-case words, any case accepted. */
  static ValueParser<String> oneOf(String... words) {
    return (text, baseDir) -> check(text.strip().toLowerCase(Locale.ROOT),
        List.of(words).contains(text.strip().toLowerCase(Locale.ROOT)), "must be one of " + String.join(", ", words));
  }

  private static <T> T check(T value, boolean valid, String expectation) {
    if (!valid) {
      throw new IllegalArgumentException(expectation);
    }
    return value;
  }

  /**
   * {@code parse}'s answer; an {@link IllegalArgumentException} or {@link ArithmeticException} from it (a bad
   * number too) becomes the expectation, with the cause's message in place of a {@code %s}.
   */
  private static <I, T> T attempt(I input, String expectation, Function<I, T> parse) {
    try {
      return parse.apply(input);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(expectation.replace("%s", String.valueOf(e.getMessage())), e);
    }
  }
}
