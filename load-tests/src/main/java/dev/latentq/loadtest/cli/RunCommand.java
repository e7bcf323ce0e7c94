package dev.latentq.loadtest.cli;

import dev.latentq.loadtest.LoadRun;
import dev.latentq.loadtest.LoadRunConfig;
import dev.latentq.loadtest.RunIds;
import dev.latentq.loadtest.RunProgress;
import dev.latentq.loadtest.RunResult;
import dev.latentq.loadtest.kafka.BrokerClients;
import dev.latentq.loadtest.mix.JobClass;
import dev.latentq.loadtest.mix.JobMix;
import dev.latentq.loadtest.mix.MixReader;
import dev.latentq.loadtest.report.ReportWriter;
import dev.latentq.loadtest.report.RunSummary;
import dev.latentq.loadtest.stats.ClassStats;
import dev.latentq.protocol.Durations;
import dev.latentq.protocol.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code run}: offers load to the jobs topic, follows the events topic, writes the report. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Submit jobs at a rate or in a burst, follow their events and write report.md, summary.json, "
        + "jobs.csv and charts.", "Exit code 0 when the report was written, whatever the jobs' outcomes."})
final class RunCommand implements Callable<Integer> {

  private static final Duration HOOK_WAIT = Duration.ofSeconds(60);

  @Spec
  CommandSpec spec;

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
  String bootstrap;

  @Option(names = "--jobs-topic", defaultValue = "latentq.jobs", paramLabel = "TOPIC",
      description = "Default: ${DEFAULT-VALUE}.")
  String jobsTopic;

  @Option(names = "--events-topic", defaultValue = "latentq.events", paramLabel = "TOPIC",
      description = "Default: ${DEFAULT-VALUE}.")
  String eventsTopic;

  @ArgGroup(exclusive = true, multiplicity = "1")
  LoadOptions load;

  @Option(names = "--mix", paramLabel = "FILE", description = "Job classes from a YAML or JSON file.")
  Path mixFile;

  @Option(names = "--class", paramLabel = "SPEC", description = {"A job class, repeatable, added to --mix, e.g.",
      "name=draft,weight=10,steps=8,scheduler=dpmpp_2m,deadline=30s",
      "Without --mix and --class: the default shapes-sd mix."})
  List<String> classOptions = new ArrayList<>();

  @Option(names = "--timeout", defaultValue = "120s", converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "Wait this long after the last submission; jobs without an outcome are LOST. "
          + "Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(names = "--grace", defaultValue = "2s", converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "Keep reading events this long after every job ended, to catch late duplicates. "
          + "Default: ${DEFAULT-VALUE}.")
  Duration grace;

  @Option(names = "--seed", paramLabel = "N", description = "Seeds arrivals, classes, prompts and image seeds. "
      + "Default: random (recorded in the report).")
  Long seed;

  @Option(names = "--run-id", paramLabel = "ID",
      description = "Run id; job ids are lt-<run-id>-<n>. Default: UTC time plus a suffix.")
  String runId;

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Tag copied into summary.json (repeatable), "
      + "e.g. maxBatch=8, for `aggregate --series-label` / `--x label:KEY`.")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(names = "--kafka-property", paramLabel = "NAME=VALUE", description = "Kafka client property for producer "
      + "and consumer (repeatable), e.g. security.protocol=SASL_SSL.")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  @Option(names = "--bucket", converter = DurationConverter.class, paramLabel = "DURATION", description = "Time "
      + "slice of the over-time charts. Default: whole seconds, at most about 60 slices, about 5 jobs per slice.")
  Duration bucket;

  @Option(names = "--status-interval", defaultValue = "5s", converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "How often to print progress. Default: ${DEFAULT-VALUE}.")
  Duration statusInterval;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the report files.")
  Path out;

  @Override
  public Integer call() throws Exception {
    LoadRunConfig config = config();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outWriter = spec.commandLine().getOut();
    LoadRun run = new LoadRun(config, new BrokerClients(bootstrap, kafkaProperties, "latentq-load-" + config.runId()),
        progress -> printProgress(err, progress));
    CountDownLatch reported = new CountDownLatch(1);
    // Ctrl-C ends the run early but still writes the report of what was seen.
    Thread hook = new Thread(() -> {
      run.requestStop();
      try {
        reported.await(HOOK_WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "latentq-load-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      err.printf(Locale.ROOT, "run %s: %s, timeout %s, seed %d, report in %s%n", config.runId(),
          config.arrivals().describe(), Durations.format(timeout), config.seed(), out);
      err.flush();
      RunResult result = run.run();
      RunSummary summary = new ReportWriter().write(result, result.statistics(bucket), out);
      printSummary(outWriter, summary);
      return 0;
    } finally {
      reported.countDown();
    }
  }

  LoadRunConfig config() {
    LoadRunConfig.Builder builder = LoadRunConfig.builder(load.plan())
        .bootstrapServers(bootstrap)
        .topics(new Topics(jobsTopic, eventsTopic, Topics.DEFAULTS.control(), Topics.DEFAULTS.deadLetter()))
        .mix(mix())
        .timeout(timeout)
        .grace(grace)
        .statusInterval(statusInterval)
        .labels(labels)
        .runId(runId != null ? runId : RunIds.generate(Instant.now()));
    if (seed != null) {
      builder.seed(seed);
    }
    return builder.build();
  }

  private JobMix mix() {
    MixReader reader = new MixReader();
    List<JobClass> classes = new ArrayList<>();
    if (mixFile != null) {
      classes.addAll(reader.read(mixFile).classes());
    }
    classOptions.forEach(option -> classes.add(reader.parseOption(option)));
    return classes.isEmpty() ? JobMix.defaultShapes() : new JobMix(classes);
  }

  private static void printProgress(PrintWriter err, RunProgress progress) {
    err.printf(Locale.ROOT, "%7.1fs %-10s submitted %d, waiting for %d%n", progress.elapsedSeconds(),
        progress.phase().name().toLowerCase(Locale.ROOT), progress.submitted(), progress.pending());
    err.flush();
  }

  private void printSummary(PrintWriter outWriter, RunSummary summary) {
    ClassStats all = summary.overall();
    outWriter.printf(Locale.ROOT, "%d submitted: %d succeeded, %d failed, %d canceled, %d lost, %d not sent; "
        + "%.2f jobs/s, %.2f images/s", all.submitted(), all.succeeded(), all.failed(), all.canceled(), all.lost(),
        all.notSent(), summary.throughput().jobsPerSecond(), summary.throughput().imagesPerSecond());
    if (all.latencyMs() != null) {
      outWriter.printf(Locale.ROOT, "; latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms", all.latencyMs().p50(),
          all.latencyMs().p95(), all.latencyMs().p99());
    }
    outWriter.printf(Locale.ROOT, "; duplicates %d%n", summary.duplicates().jobs());
    outWriter.println("report: " + out.resolve(ReportWriter.REPORT_FILE));
    outWriter.flush();
  }
}
