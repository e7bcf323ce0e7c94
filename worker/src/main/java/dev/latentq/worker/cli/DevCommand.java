package dev.latentq.worker.cli;

import dev.latentq.devstack.Devstack;
import dev.latentq.protocol.Topics;
import dev.latentq.protocol.client.JobOutcome;
import dev.latentq.protocol.client.LatentQClient;
import dev.latentq.protocol.event.GeneratedImage;
import dev.latentq.protocol.event.JobEvent;
import dev.latentq.protocol.job.Job;
import dev.latentq.worker.config.ConfigLoader;
import dev.latentq.worker.config.WorkerConfig;
import dev.latentq.worker.service.SignalDrain;
import dev.latentq.worker.service.WorkerService;
import dev.latentq.worker.storage.RetryPolicy;
import dev.latentq.worker.storage.S3Connection;
import dev.latentq.worker.storage.S3ImageStore;
import dev.latentq.worker.storage.S3StoreOptions;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The local demo: a real Kafka broker (KRaft) and a real S3-compatible server (S3Proxy) started as child
 * processes on loopback, the worker with the default model, a few prompts submitted as jobs, their events
 * followed, and the PNGs copied from the bucket to a local folder.
 */
@Command(name = "dev", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Start Kafka + S3 on loopback and a worker with the default model, submit prompts as jobs,",
        "follow their events and copy the images into a local folder. --keep-running serves other producers."})
final class DevCommand implements Callable<Integer> {
  static final List<String> DEFAULT_PROMPTS = List.of(
      "a red circle on a blue background",
      "a yellow triangle on a black background",
      "a white square on a green background",
      "a purple circle on a white background");

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "PROMPT", arity = "0..*",
      description = "Prompts to submit (default: four from the shapes-sd world).")
  List<String> prompts = new ArrayList<>();

  @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: models/shapes-sd).")
  Path model;

  @Option(names = "--steps", defaultValue = "20", paramLabel = "N")
  int steps;

  @Option(names = "--guidance", defaultValue = "5.0", paramLabel = "G")
  double guidance;

  @Option(names = "--out", defaultValue = "dev-output", paramLabel = "DIR",
      description = "Where the images are copied (default: dev-output).")
  Path out;

  @Option(names = "--data", defaultValue = "dev-data", paramLabel = "DIR",
      description = "Kafka and S3 data (default: dev-data); kept between runs.")
  Path data;

  @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT")
  int httpPort;

  @Option(names = "--keep-running", description = "Keep the broker, S3 server and worker up after the demo jobs.")
  boolean keepRunning;

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    Path modelDir = model != null ? model : DefaultModel.locate();
    Topics topics = Topics.DEFAULTS;
    console.println("starting Kafka (KRaft) and S3Proxy under " + data.toAbsolutePath() + " ...");
    Devstack stack = Devstack.builder(data).topic(topics.jobs(), 4).topic(topics.events(), 4)
        .topic(topics.control(), 1).topic(topics.deadLetter(), 1).stopOnJvmExit(false).start();
    WorkerService worker = null;
    try {
      WorkerConfig config = workerConfig(stack, modelDir);
      worker = WorkerService.start(config);
      console.printf("worker ready: kafka %s, s3 %s (bucket latentq-images), metrics http://127.0.0.1:%d/metrics%n",
          stack.bootstrapServers(), stack.s3Endpoint(), worker.httpPort());
      boolean allSucceeded = runDemo(stack, topics, config.models().get(0).id(), console);
      if (!keepRunning) {
        return allSucceeded ? 0 : 1;
      }
      console.printf("%nkeep running: produce jobs to %s at %s (S3 %s, access key %s); Ctrl-C stops%n",
          topics.jobs(), stack.bootstrapServers(), stack.s3Endpoint(), stack.s3AccessKey());
      console.flush();
      CountDownLatch stopped = new CountDownLatch(1);
      WorkerService running = worker;
      SignalDrain.install(() -> {
        running.shutdown();
        stack.close();
        stopped.countDown();
      });
      stopped.await();
      return 0;
    } finally {
      if (!keepRunning) {
        if (worker != null) {
          worker.shutdown();
        }
        stack.close();
      }
    }
  }

  private WorkerConfig workerConfig(Devstack stack, Path modelDir) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("LATENTQ_KAFKA_BOOTSTRAP", stack.bootstrapServers());
    env.put("LATENTQ_S3_ENDPOINT", stack.s3Endpoint());
    env.put("LATENTQ_S3_ACCESS_KEY", stack.s3AccessKey());
    env.put("LATENTQ_S3_SECRET_KEY", stack.s3SecretKey());
    env.putIfAbsent("LATENTQ_MODELS", "shapes-sd=" + modelDir.toAbsolutePath());
    env.put("LATENTQ_HTTP_PORT", Integer.toString(httpPort));
    env.putIfAbsent("LATENTQ_WORKER_ID", "dev-worker");
    env.putIfAbsent("LATENTQ_DRAIN_TIMEOUT", "30s");
    return ConfigLoader.load(Optional.empty(), env);
  }

  private boolean runDemo(Devstack stack, Topics topics, String modelId, PrintWriter console) throws IOException {
    List<String> demo = prompts.isEmpty() ? DEFAULT_PROMPTS : prompts;
    String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Map<String, String> promptById = new LinkedHashMap<>();
    try (LatentQClient client = LatentQClient.builder().bootstrapServers(stack.bootstrapServers()).topics(topics)
        .build()) {
      client.addListener(event -> report(event, console));
      List<CompletableFuture<JobOutcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < demo.size(); i++) {
        String id = "dev-" + run + "-" + i;
        promptById.put(id, demo.get(i));
        outcomes.add(client.submitAndAwait(Job.builder(id, modelId, demo.get(i)).steps(steps).guidanceScale(guidance)
            .build(), Duration.ofMinutes(10)));
      }
      console.printf("submitted %d jobs to %s%n", outcomes.size(), topics.jobs());
      CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
      return download(outcomes, promptById, stack, console);
    }
  }

  private static void report(JobEvent event, PrintWriter console) {
    switch (event) {
      case JobEvent.Started started -> console.printf("  %s started%n", started.jobId());
      case JobEvent.Progress p -> console.printf("  %s step %d/%d%n", p.jobId(), p.data().step(), p.data().totalSteps());
      case JobEvent.Failed f -> console.printf("  %s FAILED %s: %s%n", f.jobId(), f.data().code(), f.data().message());
      default -> { }
    }
    console.flush();
  }

  private boolean download(List<CompletableFuture<JobOutcome>> outcomes, Map<String, String> promptById,
      Devstack stack, PrintWriter console) throws IOException {
    Vertx vertx = Vertx.vertx();
    boolean allSucceeded = true;
    try (S3ImageStore store = new S3ImageStore(vertx, new S3Connection(stack.s3Endpoint(), stack.s3AccessKey(),
        stack.s3SecretKey(), "us-east-1"), RetryPolicy.withBudget(Duration.ofSeconds(30)), S3StoreOptions.defaults())) {
      console.printf("%nimages (copied from the bucket):%n");
      for (CompletableFuture<JobOutcome> future : outcomes) {
        if (future.isCompletedExceptionally()) {
          console.printf("  no outcome: %s%n", future.exceptionNow());
          allSucceeded = false;
          continue;
        }
        JobOutcome outcome = future.join();
        console.printf("  \"%s\"%n", promptById.get(outcome.jobId()));
        if (!(outcome instanceof JobOutcome.Succeeded succeeded)) {
          console.printf("    %s%n", outcome);
          allSucceeded = false;
          continue;
        }
        for (GeneratedImage image : succeeded.data().images()) {
          Path file = out.resolve(outcome.jobId()).resolve(image.index() + ".png");
          Files.createDirectories(file.getParent());
          Files.write(file, store.get(image.bucket(), image.key()).await());
          console.printf("    %s  <-  s3://%s/%s  (seed %d, %d ms)%n", file, image.bucket(), image.key(),
              image.seed(), succeeded.data().timings().totalMs());
        }
      }
    } finally {
      vertx.close().await();
    }
    console.flush();
    return allSucceeded;
  }
}
