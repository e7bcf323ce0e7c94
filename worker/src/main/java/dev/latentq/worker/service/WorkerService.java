package dev.latentq.worker.service;

import dev.latentq.engine.batching.BatchEngine;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.ModelProfile;
import dev.latentq.engine.residency.ModelPool;
import dev.latentq.protocol.Topics;
import dev.latentq.worker.cli.Version;
import dev.latentq.worker.config.WorkerConfig.KafkaSettings;
import dev.latentq.worker.config.WorkerConfig.LoraSettings;
import dev.latentq.worker.config.WorkerConfig.StorageSettings;
import dev.latentq.worker.config.WorkerConfig;
import dev.latentq.worker.events.DeadLetterPublisher;
import dev.latentq.worker.events.EventPublisher;
import dev.latentq.worker.events.ProgressThrottle;
import dev.latentq.worker.http.HealthChecks;
import dev.latentq.worker.http.HealthStatus;
import dev.latentq.worker.http.HttpVerticle;
import dev.latentq.worker.http.ReadinessCheck;
import dev.latentq.worker.jobs.EngineEvents;
import dev.latentq.worker.jobs.JobPipeline;
import dev.latentq.worker.jobs.JobResolver;
import dev.latentq.worker.jobs.LoraCatalog;
import dev.latentq.worker.kafka.ConsumerLagMonitor;
import dev.latentq.worker.kafka.ControlVerticle;
import dev.latentq.worker.kafka.IntakeVerticle;
import dev.latentq.worker.kafka.KafkaClientProperties;
import dev.latentq.worker.kafka.KafkaConsumers;
import dev.latentq.worker.kafka.ProducerTuning;
import dev.latentq.worker.kafka.WorkerProducer;
import dev.latentq.worker.loras.LoraFetcher;
import dev.latentq.worker.loras.LoraFileCache;
import dev.latentq.worker.metrics.JobMetricsRecorder;
import dev.latentq.worker.metrics.ModelPoolMetrics;
import dev.latentq.worker.metrics.WorkerMetrics;
import dev.latentq.worker.storage.ImageStore;
import dev.latentq.worker.storage.PngWriter;
import dev.latentq.worker.storage.RetryPolicy;
import dev.latentq.worker.storage.S3Connection;
import dev.latentq.worker.storage.S3ImageStore;
import dev.latentq.worker.storage.S3StoreOptions;
import dev.latentq.worker.storage.StoreHealth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker, wired from its configuration: models and the engine thread, Kafka clients, S3 store, and the
 * intake, control and HTTP verticles. {@link #start} returns once the worker consumes jobs; {@link #shutdown}
 * drains it (stop intake, let running jobs finish within the drain timeout, commit what finished, close).
 */
public final class WorkerService {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerService.class);
  private static final Duration LAG_INTERVAL = Duration.ofSeconds(5);
  /** How long every storage call may fail before readiness reports the store down. */
  private static final Duration STORE_FAILING_LIMIT = Duration.ofSeconds(30);
  private static final int LORA_FETCH_THREADS = 2;
  private static final int PNG_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

  private final WorkerConfig config;
  private final Vertx vertx;
  private final BatchEngine engine;
  private final KafkaProducer<String, byte[]> producer;
  private final Admin admin;
  private final ImageStore store;
  private final LoraFetcher loraFetcher;
  private final PngWriter png;
  private final WorkerMetrics metrics;
  private final ConsumerLagMonitor lag;
  private final IntakeVerticle intake;
  private final HttpVerticle http;
  private final List<String> deployments = new ArrayList<>();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private volatile boolean shuttingDown;

  private WorkerService(WorkerConfig config, ModelPool pool, WorkerMetrics metrics, ModelPoolMetrics poolMetrics) {
    this.config = config;
    KafkaSettings kafka = config.kafka();
    this.vertx = Vertx.vertx();
    this.producer = WorkerProducer.create(vertx, KafkaClientProperties.producer(kafka.bootstrapServers(),
        kafka.properties(), config.workerId(), ProducerTuning.DEFAULTS));
    this.admin = Admin.create(new LinkedHashMap<>(KafkaClientProperties.admin(kafka.bootstrapServers(),
        kafka.properties(), config.workerId())));
    StorageSettings s3 = config.storage();
    S3ImageStore s3Store = new S3ImageStore(vertx, new S3Connection(s3.endpoint(), s3.accessKey(), s3.secretKey(),
        s3.region()), RetryPolicy.withBudget(s3.retryBudget()), S3StoreOptions.defaults());
    this.store = s3Store;
    this.loraFetcher = loraFetcher(config.loras(), s3Store);
    StoreHealth storeHealth = s3Store.health();
    this.png = new PngWriter(vertx, PNG_THREADS);
    Map<String, ModelProfile> models = pool.facts();
    this.metrics = metrics;
    EventPublisher events = new EventPublisher(producer, kafka.topics().events());
    DeadLetterPublisher deadLetters = new DeadLetterPublisher(producer, kafka.topics().deadLetter());
    JobMetricsRecorder recorder = new JobMetricsRecorder(metrics);
    // The engine's listener exists before the engine, on a context of its own: no report can arrive unheard.
    EngineEvents engineEvents = new EngineEvents(vertx.getOrCreateContext(), events,
        new ProgressThrottle(config.defaults().progressInterval(), 10_000, System::nanoTime), recorder,
        config.workerId(), Clock.systemUTC());
    this.engine = new BatchEngine(pool, config.engine().maxBatch(), engineEvents, Clock.systemUTC(),
        config.engine().scheduling(), System::nanoTime);
    poolMetrics.bind(pool);
    metrics.bindQueueDepth(engine::queuedJobs);
    JobResolver resolver = new JobResolver(models, config.limits(), config.defaults(), s3.bucket(), s3.keyPrefix(),
        s3.writableBuckets(), s3.inputBuckets(), Clock.systemUTC(), new LoraCatalog(config.loras()));
    this.intake = new IntakeVerticle(kafka, config.workerId(), config.engine().maxQueuedJobs(), resolver, engine,
        deadLetters, metrics, context -> {
          JobPipeline pipeline = new JobPipeline(new JobPipeline.Parts(vertx, context, engine, store, png, events,
              engineEvents, recorder, config.workerId(), Version.current(), Clock.systemUTC(),
              config.limits().maxInitImagePixels(), loraFetcher));
          metrics.bindStorage(pipeline::storing, () -> storeHealth.failingFor().map(d -> d.toMillis() / 1000.0)
              .orElse(0.0));
          return pipeline;
        });
    metrics.bindJobsInFlight(intake::held);
    this.lag = new ConsumerLagMonitor(vertx, admin, new ConsumerLagMonitor.Settings(kafka.groupId(),
        kafka.topics().jobs(), LAG_INTERVAL), l -> metrics.recordConsumerLag(l.total(), l.byPartition()));
    Map<String, ReadinessCheck> readiness = new LinkedHashMap<>();
    readiness.put("models", () -> Future.succeededFuture(engine.isAlive()
        ? HealthStatus.up(ModelStates.describe(pool.status())) : HealthStatus.down("engine thread stopped")));
    readiness.put("kafka", () -> Future.succeededFuture(intake.consumptionEnded().map(HealthStatus::down)
        .orElse(intake.assignedPartitions() > 0 ? HealthStatus.UP
            : HealthStatus.down("no partitions of " + kafka.topics().jobs() + " assigned"))));
    readiness.put("storage", () -> store.ping(s3.bucket()).map(v -> storeStatus(storeHealth))
        .otherwise(e -> HealthStatus.down(e.getMessage())));
    this.http = new HttpVerticle(config.http().host(), config.http().port(),
        new HealthChecks(() -> engine.isAlive() && intake.consumptionEnded().isEmpty() && !shuttingDown, readiness,
            Duration.ofSeconds(3)),
        metrics::scrape);
  }

  /** Bucket LoRAs come through the image store's S3 client into the download cache; folder LoRAs need nothing. */
  private LoraFetcher loraFetcher(LoraSettings loras, S3ImageStore s3) {
    if (loras.bucket() == null) {
      return LoraFetcher.none();
    }
    return LoraFetcher.of(vertx, s3.loraBucket(loras.bucket(), loras.prefix()),
        new LoraFileCache(loras.cacheFolder(), loras.cacheSize()), loras.folder() != null, LORA_FETCH_THREADS);
  }

  /** Down when storage calls have kept failing (e.g. every upload), even though the store answers pings. */
  private static HealthStatus storeStatus(StoreHealth health) {
    return health.failingFor().filter(d -> d.compareTo(STORE_FAILING_LIMIT) >= 0)
        .map(d -> HealthStatus.down("storage calls have failed for " + d.toSeconds() + " s (" + health.failuresInARow()
            + " in a row); uploads are retrying and their jobs wait"))
        .orElse(HealthStatus.UP);
  }

  /** Loads the models, checks topics and bucket, and starts consuming. Blocks until the worker is running. */
  public static WorkerService start(WorkerConfig config) {
    LOG.info("starting LatentQ worker {}\n{}", Version.current(), config.summary());
    // The metrics exist before the pool, so that pinned models' start-up loads are counted.
    WorkerMetrics metrics = WorkerMetrics.create(config.workerId(), config.models().stream().map(m -> m.id())
        .collect(Collectors.toSet()));
    ModelPoolMetrics poolMetrics = new ModelPoolMetrics(metrics.registry());
    ModelPool pool = ModelRegistry.pool(config.models(), config.engine(), config.loras().keptVariants(),
        poolMetrics);
    WorkerService service;
    try {
      service = new WorkerService(config, pool, metrics, poolMetrics);
    } catch (RuntimeException e) {
      try {
        pool.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    try {
      service.boot();
      return service;
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
  }

  private void boot() {
    requireTopics(config.kafka().topics());
    if (config.storage().createBucket()) {
      store.ensureBucket(config.storage().bucket()).await();
    }
    engine.start();
    deployments.add(vertx.deployVerticle(http).await());
    deployments.add(vertx.deployVerticle(new ControlVerticle(config.kafka(), config.workerId(), engine)).await());
    releaseInstanceId();
    deployments.add(vertx.deployVerticle(intake).await());
    lag.start();
    LOG.info("worker {} running: models {}, http port {}", config.workerId(), engine.models().keySet(),
        http.actualPort());
  }

  private void requireTopics(Topics topics) {
    Set<String> wanted = new TreeSet<>(List.of(topics.jobs(), topics.events(), topics.control(), topics.deadLetter()));
    Set<String> existing;
    try {
      existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot reach Kafka at " + config.kafka().bootstrapServers() + " to check the"
          + " topics (" + e + "): check kafka.bootstrapServers / LATENTQ_KAFKA_BOOTSTRAP", e);
    }
    wanted.removeAll(existing);
    if (!wanted.isEmpty()) {
      throw new IllegalStateException("Kafka topics " + wanted + " do not exist: create them (the jobs topic with as"
          + " many partitions as workers you may run) or point kafka.topics.* at existing ones");
    }
  }

  /** The HTTP port actually bound (useful when configured as 0). */
  public int httpPort() {
    return http.actualPort();
  }

  public BatchEngine engine() {
    return engine;
  }

  public WorkerMetrics metrics() {
    return metrics;
  }

  /** Partitions of the jobs topic assigned to this worker. */
  public int assignedPartitions() {
    return intake.assignedPartitions();
  }

  /** Completes when the worker has shut down. */
  public CompletableFuture<Void> terminated() {
    return terminated;
  }

  /**
   * Drains and stops: intake stops taking records, queued jobs are left for other workers, running jobs finish
   * (or are abandoned when the drain timeout expires), finished offsets are committed, clients close. Idempotent;
   * blocks the calling thread (not a Vert.x thread).
   */
  public void shutdown() {
    synchronized (this) {
      if (shuttingDown) {
        terminated.join();
        return;
      }
      shuttingDown = true;
    }
    Duration timeout = config.drainTimeout();
    long deadline = System.nanoTime() + timeout.toNanos();
    LOG.info("draining: {} jobs held, up to {} s", intake.held(), timeout.toSeconds());
    try {
      intake.stopIntake().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      engine.drain(timeout).get(timeout.toSeconds() + 10, TimeUnit.SECONDS);
      long remaining = Math.max(0, deadline - System.nanoTime());
      try {
        intake.whenIdle().toCompletionStage().toCompletableFuture().get(remaining, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        LOG.warn("drain timeout: {} jobs still storing or publishing are left for redelivery", intake.held());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("drain did not complete cleanly: {}", e.toString(), e);
    } finally {
      close();
    }
  }

  private void close() {
    lag.stop();
    for (String id : deployments.reversed()) {
      try {
        vertx.undeploy(id).await();
      } catch (RuntimeException e) {
        LOG.warn("undeploying {} failed: {}", id, e.toString(), e);
      }
    }
    leaveGroup();
    closeQuietly(loraFetcher::close, "LoRA fetcher");
    closeQuietly(store::close, "S3 store");
    closeQuietly(png::close, "PNG writer");
    closeQuietly(() -> WorkerProducer.close(producer).await(), "Kafka producer");
    closeQuietly(() -> admin.close(Duration.ofSeconds(5)), "Kafka admin");
    closeQuietly(() -> vertx.close().await(), "Vert.x");
    closeQuietly(engine::close, "engine");
    LOG.info("worker {} stopped", config.workerId());
    terminated.complete(null);
  }

  /**
   * A static member that closes its consumer keeps its partitions until its session expires (it may come back);
   * a worker that shuts down does not come back soon, so it removes itself and the group rebalances at once.
   */
  private void leaveGroup() {
    removeStaticMember("left consumer group {} as {}");
  }

  /**
   * Removes a previous incarnation of this worker from the group before joining: with the consumer group protocol
   * (KIP-848) a crashed static member keeps its instance id until its session expires, and a new member with the
   * same id is refused (fatally) meanwhile. Removing it lets the restarted worker take its partitions back at once.
   * This is why worker ids must be unique in a group.
   */
  private void releaseInstanceId() {
    removeStaticMember("removed the previous incarnation of this worker from consumer group {} ({})");
  }

  private void removeStaticMember(String logMessage) {
    String instance = KafkaConsumers.instanceId(config.workerId());
    try {
      admin.removeMembersFromConsumerGroup(config.kafka().groupId(), new RemoveMembersFromConsumerGroupOptions(
          List.of(new MemberToRemove(instance)))).all().get(10, TimeUnit.SECONDS);
      LOG.info(logMessage, config.kafka().groupId(), instance);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      if (absent(e)) {
        LOG.debug("no static member {} in consumer group {}", instance, config.kafka().groupId());
      } else {
        LOG.warn("could not remove static member {} from consumer group {} (its partitions move after the session"
            + " timeout): {}", instance, config.kafka().groupId(), e.getCause().toString());
      }
    } catch (Exception e) {
      LOG.warn("could not remove static member {} from consumer group {} (its partitions move after the session"
          + " timeout): {}", instance, config.kafka().groupId(), e.toString());
    }
  }

  /** Whether a removal failed only because there was no such member or group: nothing to remove. */
  private static boolean absent(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnknownMemberIdException || t instanceof GroupIdNotFoundException) {
        return true;
      }
    }
    return false;
  }

  private static void closeQuietly(AutoCloseable resource, String what) {
    try {
      resource.close();
    } catch (Exception e) {
      LOG.warn("closing the {} failed: {}", what, e.toString(), e);
    }
  }
}
