package dev.latentq.loadtest.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a worker's log (its logback pattern) for the report: its ERROR lines, and whether its intake was left paused.
 * Stateless.
 */
final class WorkerLogs {

  private static final Pattern ERROR = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR .*");
  private static final String PAUSING = " - pausing intake: ";
  private static final String RESUMING = " - resuming intake: ";
  /** The banner devstack writes into the log at every start of the worker. */
  private static final String START = ": starting worker ";
  private static final int MAX_LINE = 300;

  private WorkerLogs() {
  }

  /** The ERROR lines of {@code log}, each cut to 300 characters; empty when the file does not exist. */
  static List<String> errors(Path log) {
    if (!Files.exists(log)) {
      return List.of();
    }
    try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines.filter(line -> ERROR.matcher(line).matches())
          .map(line -> line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE) + "...").toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of("(could not read " + log + ": " + e + ")");
    }
  }

  /**
   * The worker's last "pausing intake" line when no "resuming intake" followed it: at the end of a run, with every
   * job done, a worker in that state takes no more jobs.
   */
  static Optional<String> pausedIntake(Path log) {
    if (!Files.exists(log)) {
      return Optional.empty();
    }
    try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
      // One log holds every start of a worker name; a line of an earlier (killed) process says nothing now.
      String last = lines.filter(line -> line.contains(PAUSING) || line.contains(RESUMING) || line.contains(START))
          .reduce((first, second) -> second).orElse(null);
      return last != null && last.contains(PAUSING) ? Optional.of(last) : Optional.empty();
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }
}
