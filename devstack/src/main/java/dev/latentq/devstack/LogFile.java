package dev.latentq.devstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** A child process's log file: banners between runs, and excerpts for error messages. */
final class LogFile {

  private static final int MAX_BYTES = 512 * 1024;
  private static final int TAIL_LINES = 25;
  private static final int MAX_ERROR_LINES = 12;
  private static final String BANNER = "---- LatentQ devstack ";
  private static final Pattern ERROR_LINE =
      Pattern.compile("\\b(ERROR|FATAL)\\b|^Caused by:|^Exception in thread|^Error:|^\\S+(Exception|Error): ");

  private LogFile() {
  }

  /** Appends a marked line, so restarts are easy to find in a log that grows across runs. */
  static void banner(Path file, String message) {
    String line = BANNER + Instant.now() + ": " + message + " ----" + System.lineSeparator();
    try {
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * What an error message about a failed start should show: the error lines logged since the last banner (the
   * cause often scrolls away behind shutdown noise), then the last lines.
   */
  static String failureReport(Path file) {
    List<String> lines = lastLines(file);
    int runStart = 0;
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith(BANNER)) {
        runStart = i;
        break;
      }
    }
    List<String> errors = lines.subList(runStart, lines.size()).stream()
        .filter(line -> ERROR_LINE.matcher(line).find())
        .limit(MAX_ERROR_LINES)
        .toList();
    String tail = String.join(System.lineSeparator(),
        lines.subList(Math.max(runStart, lines.size() - TAIL_LINES), lines.size()));
    return (errors.isEmpty() ? "" : "Errors logged in " + file + ":" + System.lineSeparator()
        + String.join(System.lineSeparator(), errors) + System.lineSeparator())
        + "Last lines of " + file + ":" + System.lineSeparator() + tail;
  }

  private static List<String> lastLines(Path file) {
    if (!Files.exists(file)) {
      return List.of("(no log: " + file + " does not exist)");
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, in.length() - MAX_BYTES);
      byte[] bytes = new byte[(int) (in.length() - start)];
      in.seek(start);
      in.readFully(bytes);
      return Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
    } catch (IOException e) {
      return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
    }
  }
}
