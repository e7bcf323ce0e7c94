package dev.latentq.worker.cli;

import dev.latentq.engine.model.ModelLoadException;
import dev.latentq.engine.tokenizer.TokenizerLoadException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns errors into one line on stderr: bad input (options, model folder, request) exits with 2, anything else
 * with 1. Scripts and other programs call this command line, so no usage dump follows the message.
 */
final class OneLineErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {
  static final int BAD_INPUT = 2;
  static final int FAILURE = 1;

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    cmd.getErr().println("error: " + e.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
    return BAD_INPUT;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    if (e instanceof UsageException || e instanceof ModelLoadException || e instanceof TokenizerLoadException
        || e instanceof IllegalArgumentException) {
      cmd.getErr().println("error: " + e.getMessage());
      return BAD_INPUT;
    }
    cmd.getErr().println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    if (Boolean.getBoolean("latentq.stacktraces")) {
      e.printStackTrace(cmd.getErr());
    }
    return FAILURE;
  }
}
