package dev.latentq.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.loadtest.LoadRunConfig;
import dev.latentq.loadtest.arrival.ArrivalPattern;
import dev.latentq.loadtest.mix.JobClass;
import dev.latentq.loadtest.report.LoadTestJson;
import dev.latentq.loadtest.report.RunSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LoadMainTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void helpListsBothSubcommands() {
    int code = execute("--help");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("run").contains("aggregate");
  }

  @Test
  void runOptionsBecomeTheRunConfiguration() throws IOException {
    Path mix = Files.writeString(dir.resolve("mix.yaml"), "classes: [{name: a, weight: 3}]\n");
    RunCommand run = new RunCommand();
    new CommandLine(run).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--bootstrap", "k:9092",
        "--rate", "2.5", "--arrivals", "POISSON", "--duration", "1m30s", "--count", "100", "--mix", mix.toString(),
        "--class", "name=b,numImages=4", "--timeout", "45s", "--seed", "7", "--run-id", "sweep-1",
        "--label", "maxBatch=8", "--jobs-topic", "j", "--events-topic", "e", "--out", dir.toString());

    LoadRunConfig config = run.config();

    assertThat(config.arrivals().pattern()).isEqualTo(ArrivalPattern.POISSON);
    assertThat(config.arrivals().ratePerSecond()).isEqualTo(2.5);
    assertThat(config.arrivals().duration()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.arrivals().count()).isEqualTo(100);
    assertThat(config.mix().classes()).extracting(JobClass::name).containsExactly("a", "b");
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(config.seed()).isEqualTo(7);
    assertThat(config.runId()).isEqualTo("sweep-1");
    assertThat(config.labels()).containsEntry("maxBatch", "8");
    assertThat(config.topics().jobs()).isEqualTo("j");
    assertThat(config.topics().events()).isEqualTo("e");
    assertThat(config.bootstrapServers()).isEqualTo("k:9092");
  }

  @Test
  void withoutMixOrClassesTheDefaultShapesMixIsUsed() {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs("--bootstrap", "k:9092", "--burst", "5", "--out", dir.toString());

    assertThat(run.config().mix().classes()).extracting(JobClass::name)
        .containsExactly("interactive", "batch4", "draft");
  }

  @Test
  void rateAndBurstExcludeEachOther() {
    int code = execute("run", "--bootstrap", "k:9092", "--rate", "1", "--duration", "5s", "--burst", "3",
        "--out", dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("expected only one match").contains("--burst").contains("--rate");
  }

  @Test
  void aRateWithoutEndIsAOneLineUsageError() {
    int code = execute("run", "--bootstrap", "k:9092", "--rate", "1", "--out", dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: a constant rate needs an end").doesNotContain("\tat ");
  }

  @Test
  void aBadDurationNamesTheAcceptedForms() {
    int code = execute("run", "--bootstrap", "k:9092", "--burst", "1", "--timeout", "soon", "--out", dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("'soon' is not a duration");
  }

  @Test
  void aggregateWritesTheTableAndChartsOfSummaryFilesAndRunDirectories() throws IOException {
    Path first = dir.resolve("r1");
    Files.createDirectories(first);
    Files.copy(Path.of("src/test/resources/summaries/rate-2.json"), first.resolve("summary.json"));
    Path second = Path.of("src/test/resources/summaries/rate-4.json");
    Path outDir = dir.resolve("agg");

    int code = execute("aggregate", "--out", outDir.toString(), "--series-label", "maxBatch", first.toString(),
        second.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("2 runs aggregated");
    assertThat(Files.readString(outDir.resolve("aggregate.md"))).contains("| maxBatch=8 | 2 |")
        .contains("| maxBatch=8 | 4 |");
    assertThat(outDir.resolve("throughput-vs-offered.png")).isNotEmptyFile();
    assertThat(outDir.resolve("p95-vs-offered.png")).isNotEmptyFile();
  }

  @Test
  void theCheckedInSampleSummariesAreCurrent() {
    RunSummary summary = new LoadTestJson().read(Path.of("src/test/resources/summaries/rate-2.json"));

    assertThat(summary.offeredRate()).isEqualTo(2.0);
    assertThat(summary.overall().latencyMs().p95()).isPositive();
  }

  @Test
  void aggregateOfAMissingFileSaysSo() {
    int code = execute("aggregate", "--out", dir.toString(), dir.resolve("missing.json").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("missing.json does not exist");
  }

  private int execute(String... args) {
    CommandLine commandLine = LoadMain.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
