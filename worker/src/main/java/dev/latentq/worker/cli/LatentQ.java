package dev.latentq.worker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code latentq-worker.jar} entry point: one subcommand per job the jar does. */
@Command(
    name = "latentq",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Stable Diffusion on ONNX Runtime, as a command line and as a Kafka job worker.",
    subcommands = {GenerateCommand.class, TokenizeCommand.class, RunCommand.class, DevCommand.class})
public final class LatentQ {
  private LatentQ() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (also used by tests). */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LatentQ());
    cli.setParameterExceptionHandler(new OneLineErrors());
    cli.setExecutionExceptionHandler(new OneLineErrors());
    cli.setUsageHelpAutoWidth(true);
    return cli;
  }
}
