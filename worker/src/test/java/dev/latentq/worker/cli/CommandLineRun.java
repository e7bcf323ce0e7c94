package dev.latentq.worker.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/**
 * One in-process run of the {@code latentq} command line, with everything a user would see on the terminal:
 * the command line's own writers plus whatever reaches {@code System.out}/{@code System.err} meanwhile (log
 * lines go to stderr), so "exactly one line on stderr" means what it says.
 */
record CommandLineRun(int exitCode, String out, String err) {

  static CommandLineRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream systemOut = new ByteArrayOutputStream();
    ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    int exit;
    System.setOut(new PrintStream(systemOut, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
    try {
      CommandLine cli = LatentQ.commandLine();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      exit = cli.execute(args);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    return new CommandLineRun(exit, out + systemOut.toString(StandardCharsets.UTF_8),
        err + systemErr.toString(StandardCharsets.UTF_8));
  }

  List<String> outLines() {
    return out.lines().toList();
  }

  List<String> errLines() {
    return err.lines().toList();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
