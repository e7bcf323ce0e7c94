package dev.latentq.loadtest.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code latentq-load.jar}: the {@code run}, {@code aggregate}, {@code capacity}, {@code compare},
 * {@code path} and {@code faults} commands.
 */
@Command(name = "latentq-load", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "LatentQ load generator: offers jobs to Kafka, follows their events, reports latency and "
        + "throughput.",
    subcommands = {RunCommand.class, AggregateCommand.class, CapacityCommand.class, CompareCommand.class,
        PathCommand.class, FaultsCommand.class, CommandLine.HelpCommand.class})
public final class LoadMain implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    if (System.getProperty("java.awt.headless") == null) {
      // Charts are drawn off-screen; without this a desktop session may pop up AWT machinery.
      System.setProperty("java.awt.headless", "true");
    }
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests. */
  static CommandLine commandLine() {
    return new CommandLine(new LoadMain())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(new OneLineErrors());
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name a subcommand: run, aggregate, capacity, compare, path or faults");
  }
}
