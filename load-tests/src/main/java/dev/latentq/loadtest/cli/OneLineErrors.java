package dev.latentq.loadtest.cli;

import picocli.CommandLine;

/**
 * Prints configuration and environment errors (bad mix, missing topic, unreadable summary) as one line, since their
 * messages already say what to fix; anything else keeps its stack trace. Exit code 2 for bad input, 1 otherwise.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    if (e instanceof IllegalArgumentException) {
      commandLine.getErr().println("error: " + e.getMessage());
      return 2;
    }
    if (e instanceof IllegalStateException) {
      commandLine.getErr().println("error: " + e.getMessage());
      return 1;
    }
    e.printStackTrace(commandLine.getErr());
    return 1;
  }
}
