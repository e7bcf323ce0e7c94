package dev.latentq.worker.metrics;

import dev.latentq.protocol.FailureCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The worker's Prometheus metrics ({@code latentq_*}), every series tagged with {@code worker}.
 *
 * <p>Values owned elsewhere (queue depth, jobs in flight) are read through suppliers bound by the wiring code; until
 * bound they read 0. Everything else is recorded through the methods here. The {@code model} tag only takes the
 * configured model ids, {@code none} for a {@code null} model (not known yet) and {@code other} for anything else (a
 * job naming an unknown model), so a hostile job cannot grow the number of series. Thread-safe: the engine thread, event loops and the scraper may call it at once.
 */
public final class WorkerMetrics {

  /** Window of {@code latentq_unet_samples_per_second} and {@code latentq_engine_busy_ratio}. */
  public static final Duration RATE_WINDOW = Duration.ofSeconds(30);
  /** The {@code model} tag of a model name that is not configured. */
  public static final String OTHER_MODEL = "other";
  /** The {@code model} or {@code code} tag when there is none (a dead-lettered record, a success). */
  public static final String NONE = "none";

  private static final Duration[] JOB_BUCKETS = Stream.of(1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800)
      .map(Duration::ofSeconds).toArray(Duration[]::new);

  /** Which part of a job's life {@code latentq_job_seconds} measures. */
  public enum JobPhase {
    /** From intake to joining a batch. */
    QUEUED,
    /** From intake to the terminal event. */
    TOTAL;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Set<String> models;
  private final SlidingWindowRate unetSampleRate;
  private final SlidingWindowRate engineBusy;
  private final AtomicReference<Supplier<? extends Number>> queueDepth = new AtomicReference<>(() -> 0);
  private final AtomicReference<Supplier<? extends Number>> jobsInFlight = new AtomicReference<>(() -> 0);
  private final AtomicLong batchOccupancyBits = new AtomicLong(Double.doubleToLongBits(0));
  private final AtomicLong consumerLag = new AtomicLong();
  private final Map<Integer, AtomicLong> partitionLag = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Counter unetSamples;
  private final DistributionSummary batchSamples;

  /**
   * @param workerId the {@code worker} tag of every series
   * @param modelIds the configured models: the only values of the {@code model} tag besides {@code other} and {@code none}
   * @param nanoTime monotonic clock for the rates, {@code System::nanoTime} outside tests
   */
  public WorkerMetrics(String workerId, Set<String> modelIds, LongSupplier nanoTime) {
    this.models = Set.copyOf(modelIds);
    this.unetSampleRate = new SlidingWindowRate(RATE_WINDOW, nanoTime);
    this.engineBusy = new SlidingWindowRate(RATE_WINDOW, nanoTime);
    registry.config().commonTags("worker", workerId);
    Gauge.builder("latentq.queue.depth", () -> queueDepth.get().get())
        .description("Jobs accepted and waiting for the engine").register(registry);
    Gauge.builder("latentq.jobs.in.flight", () -> jobsInFlight.get().get())
        .description("Jobs accepted and not yet finished (queued, denoising, decoding or uploading)")
        .register(registry);
    Gauge.builder("latentq.batch.occupancy", () -> Double.longBitsToDouble(batchOccupancyBits.get()))
        .description("Samples in the last U-Net call divided by the maximum batch, 0..1").register(registry);
    Gauge.builder("latentq.unet.samples.per.second", unetSampleRate::perSecond)
        .description("Samples denoised per second over the last 30 s").register(registry);
    Gauge.builder("latentq.engine.busy.ratio", () -> Math.min(1.0, engineBusy.perSecond()))
        .description("Share of the last 30 s the engine thread spent working, 0..1").register(registry);
    Gauge.builder("latentq.consumer.lag", consumerLag::get)
        .description("Jobs on the jobs topic not yet committed by the consumer group, all partitions")
        .register(registry);
    unetSamples = Counter.builder("latentq.unet.samples").description("Samples denoised by U-Net calls")
        .register(registry);
    batchSamples = DistributionSummary.builder("latentq.batch.samples").description("Samples per U-Net call")
        .register(registry);
    for (String model : models) {
      jobCounter("succeeded", model, NONE);
      jobCounter("canceled", model, NONE);
    }
  }

  /** Metrics with the system clock. */
  public static WorkerMetrics create(String workerId, Set<String> modelIds) {
    return new WorkerMetrics(workerId, modelIds, System::nanoTime);
  }

  /** The registry, e.g. to bind JVM metrics. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The metrics in the Prometheus text format 0.0.4. */
  public String scrape() {
    return registry.scrape();
  }

  /** {@code latentq_queue_depth} reads {@code depth} from now on. */
  public void bindQueueDepth(Supplier<? extends Number> depth) {
    queueDepth.set(depth);
  }

  /**
   * Registers {@code latentq_jobs_storing} (jobs uploading their images, retries included) and
   * {@code latentq_storage_failing_seconds} (how long every storage call has failed; 0 while the store works).
   */
  public void bindStorage(Supplier<? extends Number> storing, Supplier<? extends Number> failingSeconds) {
    Gauge.builder("latentq.jobs.storing", () -> storing.get().doubleValue())
        .description("Jobs uploading their images, including uploads waiting to retry").register(registry);
    Gauge.builder("latentq.storage.failing.seconds", () -> failingSeconds.get().doubleValue())
        .description("Seconds since every storage call started failing; 0 while the store works")
        .register(registry);
  }

  /** {@code latentq_jobs_in_flight} reads {@code inFlight} from now on. */
  public void bindJobsInFlight(Supplier<? extends Number> inFlight) {
    jobsInFlight.set(inFlight);
  }

  public void jobSucceeded(String model) {
    jobCounter("succeeded", modelTag(model), NONE).increment();
  }

  public void jobFailed(String model, FailureCode code) {
    jobCounter("failed", modelTag(model), code.wireName()).increment();
  }

  public void jobCanceled(String model) {
    jobCounter("canceled", modelTag(model), NONE).increment();
  }

  /** A job record went to the dead-letter topic; it has no trustworthy model. */
  public void jobDeadLettered(FailureCode code) {
    jobCounter("dead_lettered", NONE, code.wireName()).increment();
  }

  /** {@code latentq_job_seconds{phase}}. */
  public void recordJobTime(String model, JobPhase phase, long nanos) {
    String modelTag = modelTag(model);
    timers.computeIfAbsent("latentq.job/" + modelTag + "/" + phase.tag(), key -> Timer.builder("latentq.job")
        .description("Job latency by phase").tags("model", modelTag, "phase", phase.tag())
        // Job latency is what users feel: buckets let SLOs and percentiles be computed across workers.
        .serviceLevelObjectives(JOB_BUCKETS)
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** One denoising step of a batch, U-Net and scheduler together. */
  public void recordStep(String model, long nanos) {
    timer("latentq.step", "Denoising step of a batch", "model", modelTag(model)).record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * One U-Net call with {@code samples} of at most {@code maxBatch} samples; feeds the call timer, the sample counter
   * and rate, and the batch occupancy.
   */
  public void recordUnetCall(String model, int samples, int maxBatch, long nanos) {
    recordUnetCalls(model, 1, samples, maxBatch, nanos);
  }

  /**
   * Several U-Net calls of one step, known only in total: {@code calls} calls computed {@code samples} samples
   * (batch rows) in {@code nanos}, each call holding at most {@code maxBatch}. The timer and the samples-per-call
   * summary get {@code calls} observations of the average call.
   */
  public void recordUnetCalls(String model, int calls, int samples, int maxBatch, long nanos) {
    if (calls <= 0) {
      return;
    }
    Timer timer = timer("latentq.unet.call", "One U-Net call", "model", modelTag(model));
    for (int i = 0; i < calls; i++) {
      timer.record(nanos / calls, TimeUnit.NANOSECONDS);
      batchSamples.record((double) samples / calls);
    }
    unetSamples.increment(samples);
    unetSampleRate.add(samples);
    double occupancy = maxBatch > 0 ? Math.min(1.0, (double) samples / ((long) calls * maxBatch)) : 0;
    batchOccupancyBits.set(Double.doubleToLongBits(occupancy));
  }

  /** VAE decoding of one batch or image. */
  public void recordDecode(String model, long nanos) {
    timer("latentq.decode", "VAE decoding", "model", modelTag(model)).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Upload of one image to object storage. */
  public void recordUpload(long nanos) {
    timer("latentq.upload", "Upload of one image").record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The engine thread worked for {@code nanos}; feeds {@code latentq_engine_busy_ratio}. */
  public void recordEngineBusy(long nanos) {
    engineBusy.add(nanos / 1e9);
  }

  /**
   * The consumer group's lag: {@code latentq_consumer_lag} (total) and
   * {@code latentq_consumer_partition_lag{partition}}.
   */
  public void recordConsumerLag(long total, Map<Integer, Long> byPartition) {
    consumerLag.set(total);
    byPartition.forEach((partition, lag) -> partitionLag.computeIfAbsent(partition, p -> {
      AtomicLong holder = new AtomicLong();
      Gauge.builder("latentq.consumer.partition.lag", holder::get).tag("partition", Integer.toString(p))
          .description("Jobs on one partition of the jobs topic not yet committed by the consumer group")
          .register(registry);
      return holder;
    }).set(lag));
  }

  private String modelTag(String model) {
    if (model == null) {
      return NONE;
    }
    return models.contains(model) ? model : OTHER_MODEL;
  }

  private Counter jobCounter(String outcome, String model, String code) {
    return Counter.builder("latentq.jobs").description("Jobs that ended, by outcome and failure code")
        .tags("outcome", outcome, "model", model, "code", code).register(registry);
  }

  private Timer timer(String name, String description, String... tags) {
    return timers.computeIfAbsent(name + "/" + String.join("/", tags),
        // Histogram buckets (1 ms .. 60 s) so dashboards can show p50/p95 with histogram_quantile.
        key -> Timer.builder(name).description(description).tags(tags).publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
            .register(registry));
  }
}
