package dev.latentq.worker.config;

import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Turns a configuration value's text into a typed value. Failures throw {@link IllegalArgumentException} whose
 * message is the expectation, phrased to follow the key, e.g. {@code "must be a whole number"}.
 */
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
