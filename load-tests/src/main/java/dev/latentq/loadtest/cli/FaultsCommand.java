package dev.latentq.loadtest.cli;

import dev.latentq.loadtest.faults.FaultMarkdown;
import dev.latentq.loadtest.faults.FaultReport;
import dev.latentq.loadtest.faults.FaultRunner;
import dev.latentq.loadtest.faults.FaultScenario;
import dev.latentq.loadtest.faults.FaultScenarios;
import dev.latentq.loadtest.faults.HostileKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code faults}: scripted fault tests on a local cluster (broker, S3 server, simulated workers) on loopback. */
@Command(name = "faults", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run fault scenarios against a local cluster on loopback (a Kafka broker, an S3 server and worker "
        + "processes from worker/target/latentq-worker.jar on the simulated accelerator), one fresh cluster per "
        + "scenario, and write DIR/<scenario>/report.md and DIR/faults.md.",
        "Exit code 0 when every goal held (no job lost, no conflicting duplicate, every hostile record "
            + "dead-lettered with a reason, every worker alive), 3 when one did not, 1 on errors, 2 on bad input."})
final class FaultsCommand implements Callable<Integer> {

  /** Exit code when a scenario ran but a goal did not hold. */
  static final int GOALS_VIOLATED = 3;

  @Spec
  CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the reports and the "
      + "clusters' data and logs.")
  Path out;

  @Option(names = "--scenario", defaultValue = "all", paramLabel = "NAME",
      description = "kill, broker, s3, hostile, rebalance, semantics or all. Default: ${DEFAULT-VALUE}.")
  String scenario;

  @Option(names = "--kills", defaultValue = "20", paramLabel = "N",
      description = "kill: how many times a worker is killed. Default: ${DEFAULT-VALUE}.")
  int kills;

  @Option(names = "--outage", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "s3: how long the S3 server is down. Default: ${DEFAULT-VALUE}.")
  Duration outage;

  @Option(names = "--hostile", defaultValue = "10000", paramLabel = "N",
      description = "hostile: how many hostile records. Default: ${DEFAULT-VALUE}.")
  int hostile;

  @Option(names = "--hostile-kinds", split = ",", paramLabel = "KIND[,KIND...]",
      description = "hostile: which kinds to send, e.g. BROKEN_JSON,UNKNOWN_MODEL. Default: all.")
  List<HostileKind> hostileKinds = new ArrayList<>(EnumSet.allOf(HostileKind.class));

  @Option(names = "--rate", defaultValue = "2", paramLabel = "JOBS_PER_S",
      description = "Offered load (Poisson arrivals). Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "How long each scenario submits jobs. Default: per scenario (kill 12 s per kill, broker 2m, "
          + "s3 2m plus the outage, hostile 2m, rebalance 3m, semantics 1m).")
  Duration duration;

  @Option(names = "--timeout", defaultValue = "120s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Wait this long after the last submission; jobs without an outcome are LOST. "
          + "Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(names = "--grace", defaultValue = "12s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Keep reading events this long after every job ended, to catch late duplicates of redelivered "
          + "jobs. Default: ${DEFAULT-VALUE}.")
  Duration grace;

  @Option(names = "--seed", paramLabel = "N", description = "Seeds arrivals and jobs. Default: random.")
  Long seed;

  @Option(names = "--partitions", defaultValue = "6", paramLabel = "N",
      description = "Partitions of the jobs and events topics. Default: ${DEFAULT-VALUE}.")
  int partitions;

  @Override
  public Integer call() throws Exception {
    List<FaultScenario> scenarios = scenarios();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outWriter = spec.commandLine().getOut();
    FaultRunner runner = new FaultRunner(options(line -> {
      err.println(line);
      err.flush();
    }));
    List<FaultReport> reports = runner.run(scenarios);
    outWriter.print(new FaultMarkdown().table(reports));
    outWriter.println("reports: " + out.resolve(FaultRunner.SUMMARY_FILE) + " and " + out + "/<scenario>/report.md");
    outWriter.flush();
    return reports.stream().allMatch(FaultReport::goalsMet) ? 0 : GOALS_VIOLATED;
  }

  List<FaultScenario> scenarios() {
    return FaultScenarios.named(scenario, new FaultScenarios.Sizes(kills, outage, hostile,
        hostileKinds.isEmpty() ? EnumSet.noneOf(HostileKind.class) : EnumSet.copyOf(hostileKinds)));
  }

  FaultRunner.Options options(Consumer<String> progress) {
    return new FaultRunner.Options(out, rate, duration, timeout, grace,
        seed != null ? seed : new SecureRandom().nextLong(), partitions, progress);
  }
}
