package dev.latentq.loadtest.cli;

import dev.latentq.protocol.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Lets options take {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1m30s} or ISO-8601 durations. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: " + e.getMessage());
    }
  }
}
