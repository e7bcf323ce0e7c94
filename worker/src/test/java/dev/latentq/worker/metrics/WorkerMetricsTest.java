package dev.latentq.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.protocol.FailureCode;
import dev.latentq.worker.metrics.WorkerMetrics.JobPhase;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WorkerMetricsTest {

  private final AtomicLong now = new AtomicLong(0);
  private final WorkerMetrics metrics = new WorkerMetrics("gpu-7", Set.of("sd15", "sdxl"), now::get);

  @Test
  void jobOutcomesAreCountedByOutcomeModelAndCode() {
    metrics.jobSucceeded("sd15");
    metrics.jobSucceeded("sd15");
    metrics.jobFailed("sdxl", FailureCode.STORAGE_UNAVAILABLE);
    metrics.jobCanceled("sd15");
    metrics.jobDeadLettered(FailureCode.INVALID_JSON);

    String text = metrics.scrape();

    assertThat(value(text, "latentq_jobs_total", "code=\"none\",model=\"sd15\",outcome=\"succeeded\",worker=\"gpu-7\""))
        .isEqualTo(2.0);
    assertThat(value(text, "latentq_jobs_total",
        "code=\"storage_unavailable\",model=\"sdxl\",outcome=\"failed\",worker=\"gpu-7\"")).isEqualTo(1.0);
    assertThat(value(text, "latentq_jobs_total", "code=\"none\",model=\"sd15\",outcome=\"canceled\",worker=\"gpu-7\""))
        .isEqualTo(1.0);
    assertThat(value(text, "latentq_jobs_total",
        "code=\"invalid_json\",model=\"none\",outcome=\"dead_lettered\",worker=\"gpu-7\"")).isEqualTo(1.0);
  }

  @Test
  void successAndCancelCountersOfConfiguredModelsExistBeforeTheFirstJob() {
    String text = metrics.scrape();

    assertThat(value(text, "latentq_jobs_total", "code=\"none\",model=\"sdxl\",outcome=\"succeeded\",worker=\"gpu-7\""))
        .isZero();
    assertThat(value(text, "latentq_jobs_total", "code=\"none\",model=\"sdxl\",outcome=\"canceled\",worker=\"gpu-7\""))
        .isZero();
  }

  @Test
  void unconfiguredModelNamesAreCountedAsOtherSoJobsCannotGrowTheSeries() {
    metrics.jobFailed("x".repeat(100), FailureCode.UNKNOWN_MODEL);
    metrics.jobFailed("another-made-up-model", FailureCode.UNKNOWN_MODEL);

    String text = metrics.scrape();

    assertThat(value(text, "latentq_jobs_total",
        "code=\"unknown_model\",model=\"other\",outcome=\"failed\",worker=\"gpu-7\"")).isEqualTo(2.0);
    assertThat(text).doesNotContain("made-up");
  }

  @Test
  void aJobWhoseModelIsNotKnownYetIsTaggedNone() {
    metrics.jobFailed(null, FailureCode.INVALID_JOB);

    assertThat(value(metrics.scrape(), "latentq_jobs_total",
        "code=\"invalid_job\",model=\"none\",outcome=\"failed\",worker=\"gpu-7\"")).isEqualTo(1.0);
  }

  @Test
  void unetCallsKnownOnlyInTotalAreSplitIntoAverageCalls() {
    metrics.recordUnetCalls("sdxl", 3, 18, 8, Duration.ofMillis(900).toNanos());

    String text = metrics.scrape();

    assertThat(value(text, "latentq_unet_call_seconds_count", "model=\"sdxl\",worker=\"gpu-7\"")).isEqualTo(3.0);
    assertThat(value(text, "latentq_unet_call_seconds_max", "model=\"sdxl\",worker=\"gpu-7\"")).isEqualTo(0.3);
    assertThat(value(text, "latentq_batch_samples_count", "worker=\"gpu-7\"")).isEqualTo(3.0);
    assertThat(value(text, "latentq_batch_samples_max", "worker=\"gpu-7\"")).isEqualTo(6.0);
    assertThat(value(text, "latentq_unet_samples_total", "worker=\"gpu-7\"")).isEqualTo(18.0);
    assertThat(value(text, "latentq_batch_occupancy", "worker=\"gpu-7\"")).isEqualTo(0.75);
  }

  @Test
  void queueDepthAndJobsInFlightReadTheBoundSuppliers() {
    AtomicInteger queued = new AtomicInteger(3);
    assertThat(value(metrics.scrape(), "latentq_queue_depth", "worker=\"gpu-7\"")).as("unbound").isZero();

    metrics.bindQueueDepth(queued::get);
    metrics.bindJobsInFlight(() -> 5);
    queued.set(4);

    String text = metrics.scrape();
    assertThat(value(text, "latentq_queue_depth", "worker=\"gpu-7\"")).isEqualTo(4.0);
    assertThat(value(text, "latentq_jobs_in_flight", "worker=\"gpu-7\"")).isEqualTo(5.0);
  }

  @Test
  void unetCallsFeedTimerSamplesRateOccupancyAndSamplesPerCall() {
    metrics.recordUnetCall("sd15", 8, 8, Duration.ofMillis(400).toNanos());
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    metrics.recordUnetCall("sd15", 2, 8, Duration.ofMillis(200).toNanos());
    now.addAndGet(Duration.ofSeconds(1).toNanos());

    String text = metrics.scrape();

    assertThat(value(text, "latentq_unet_call_seconds_count", "model=\"sd15\",worker=\"gpu-7\"")).isEqualTo(2.0);
    assertThat(value(text, "latentq_unet_call_seconds_sum", "model=\"sd15\",worker=\"gpu-7\"")).isEqualTo(0.6);
    assertThat(value(text, "latentq_unet_samples_total", "worker=\"gpu-7\"")).isEqualTo(10.0);
    assertThat(value(text, "latentq_unet_samples_per_second", "worker=\"gpu-7\"")).isEqualTo(5.0);
    assertThat(value(text, "latentq_batch_occupancy", "worker=\"gpu-7\"")).as("last call: 2 of 8").isEqualTo(0.25);
    assertThat(value(text, "latentq_batch_samples_count", "worker=\"gpu-7\"")).isEqualTo(2.0);
    assertThat(value(text, "latentq_batch_samples_sum", "worker=\"gpu-7\"")).isEqualTo(10.0);
    assertThat(value(text, "latentq_batch_samples_max", "worker=\"gpu-7\"")).isEqualTo(8.0);
  }

  @Test
  void stageTimersAreInSeconds() {
    metrics.recordStep("sd15", Duration.ofMillis(250).toNanos());
    metrics.recordDecode("sdxl", Duration.ofMillis(1500).toNanos());
    metrics.recordUpload(Duration.ofMillis(40).toNanos());

    String text = metrics.scrape();

    assertThat(value(text, "latentq_step_seconds_sum", "model=\"sd15\",worker=\"gpu-7\"")).isEqualTo(0.25);
    assertThat(value(text, "latentq_decode_seconds_sum", "model=\"sdxl\",worker=\"gpu-7\"")).isEqualTo(1.5);
    assertThat(value(text, "latentq_upload_seconds_sum", "worker=\"gpu-7\"")).isEqualTo(0.04);
  }

  @Test
  void jobLatencyIsRecordedPerPhaseWithHistogramBuckets() {
    metrics.recordJobTime("sd15", JobPhase.QUEUED, Duration.ofSeconds(2).toNanos());
    metrics.recordJobTime("sd15", JobPhase.TOTAL, Duration.ofSeconds(9).toNanos());

    String text = metrics.scrape();

    assertThat(value(text, "latentq_job_seconds_sum", "model=\"sd15\",phase=\"queued\",worker=\"gpu-7\""))
        .isEqualTo(2.0);
    assertThat(value(text, "latentq_job_seconds_sum", "model=\"sd15\",phase=\"total\",worker=\"gpu-7\""))
        .isEqualTo(9.0);
    assertThat(value(text, "latentq_job_seconds_bucket", "model=\"sd15\",phase=\"total\",worker=\"gpu-7\",le=\"5.0\""))
        .isZero();
    assertThat(value(text, "latentq_job_seconds_bucket", "model=\"sd15\",phase=\"total\",worker=\"gpu-7\",le=\"10.0\""))
        .isEqualTo(1.0);
  }

  @Test
  void engineBusyRatioIsTheShareOfTheWindowSpentWorking() {
    for (int second = 0; second < 30; second++) {
      metrics.recordEngineBusy(Duration.ofMillis(750).toNanos());
      now.addAndGet(Duration.ofSeconds(1).toNanos());
    }

    assertThat(value(metrics.scrape(), "latentq_engine_busy_ratio", "worker=\"gpu-7\"")).isEqualTo(0.75);
  }

  @Test
  void consumerLagIsExportedInTotalAndPerPartition() {
    metrics.recordConsumerLag(7, Map.of(0, 3L, 1, 4L));
    metrics.recordConsumerLag(5, Map.of(0, 1L, 1, 4L));

    String text = metrics.scrape();

    assertThat(value(text, "latentq_consumer_lag", "worker=\"gpu-7\"")).isEqualTo(5.0);
    assertThat(value(text, "latentq_consumer_partition_lag", "partition=\"0\",worker=\"gpu-7\"")).isEqualTo(1.0);
    assertThat(value(text, "latentq_consumer_partition_lag", "partition=\"1\",worker=\"gpu-7\"")).isEqualTo(4.0);
  }

  @Test
  void scrapeIsPrometheusTextWithHelpAndTypeLines() {
    String text = metrics.scrape();

    assertThat(text).contains("# TYPE latentq_jobs_total counter", "# TYPE latentq_queue_depth gauge",
        "# HELP latentq_queue_depth Jobs accepted and waiting for the engine");
  }

  /** The value of the sample {@code name{labels}}; fails when it is missing. */
  static double value(String text, String name, String labels) {
    Matcher matcher = Pattern.compile("^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$", Pattern.MULTILINE)
        .matcher(text);
    assertThat(matcher.find()).as("sample %s{%s} in%n%s", name, labels, text).isTrue();
    return Double.parseDouble(matcher.group(1));
  }
}
