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

  /**
   * ONNX Runtime's native initialization and model loading can need more stack than the JVM's 1 MB default for
   * the main thread (seen as a SIGSEGV without a JVM crash report), so commands run on a thread with room to spare.
   */
  static final long NATIVE_STACK_BYTES = 16L << 20;

  public static void main(String[] args) throws InterruptedException {
    int[] exitCode = {1};
    Thread command = new Thread(null, () -> exitCode[0] = commandLine().execute(args), "latentq-main",
        NATIVE_STACK_BYTES);
    command.start();
    command.join();
    System.exit(exitCode[0]);
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
