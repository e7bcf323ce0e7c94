package dev.latentq.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.loadtest.faults.FaultRunner;
import dev.latentq.loadtest.faults.FaultScenario;
import dev.latentq.loadtest.faults.HostileKind;
import dev.latentq.loadtest.faults.HostileRecordsScenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FaultsCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void allRunsTheSixScenariosInOrderWithTheCommandDefaults() {
    FaultsCommand faults = parse("--out", dir.toString());

    assertThat(faults.scenarios()).extracting(FaultScenario::name)
        .containsExactly("kill", "broker", "s3", "hostile", "rebalance", "semantics");
    assertThat(faults.scenarios().getFirst().description()).contains("20 times");
    assertThat(faults.scenarios().get(2).description()).contains("30 s");
    assertThat(faults.scenarios().get(3).description()).contains("10000 malformed or hostile records (23 kinds)");
    FaultRunner.Options options = faults.options(line -> { });
    assertThat(faults.scenarios().get(5).description()).contains("8 jobs each in an aborted and a committed");
    assertThat(options.duration()).isNull();
    assertThat(options.rate()).isEqualTo(2.0);
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(options.partitions()).isEqualTo(6);
  }

  @Test
  void oneScenarioWithItsSizeAndTheLoadOptions() {
    FaultsCommand faults = parse("--out", dir.toString(), "--scenario", "hostile", "--hostile", "500",
        "--hostile-kinds", "BROKEN_JSON,UNKNOWN_MODEL", "--rate", "3", "--duration", "90s", "--seed", "7");

    assertThat(faults.scenarios()).singleElement().isInstanceOf(HostileRecordsScenario.class)
        .extracting(FaultScenario::description).asString().contains("500 malformed or hostile records (2 kinds)");
    FaultRunner.Options options = faults.options(line -> { });
    assertThat(options.duration()).isEqualTo(Duration.ofSeconds(90));
    assertThat(options.rate()).isEqualTo(3.0);
    assertThat(options.seed()).isEqualTo(7);
    assertThat(faults.hostileKinds).containsExactly(HostileKind.BROKEN_JSON, HostileKind.UNKNOWN_MODEL);
  }

  @Test
  void anUnknownScenarioIsAOneLineUsageError() {
    int code = execute("faults", "--out", dir.toString(), "--scenario", "flood");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: unknown fault scenario 'flood'").contains("kill")
        .doesNotContain("\tat ");
  }

  @Test
  void helpNamesTheScenariosAndTheExitCodes() {
    int code = execute("faults", "--help");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("--scenario").contains("kill, broker, s3, hostile, rebalance, semantics or")
        .contains("Exit code 0 when every goal held");
  }

  private static FaultsCommand parse(String... args) {
    FaultsCommand faults = new FaultsCommand();
    new CommandLine(faults).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return faults;
  }

  private int execute(String... args) {
    CommandLine commandLine = LoadMain.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
