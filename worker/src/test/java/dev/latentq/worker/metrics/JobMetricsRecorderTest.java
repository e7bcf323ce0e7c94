package dev.latentq.worker.metrics;

import static dev.latentq.worker.metrics.WorkerMetricsTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.batching.EngineListener.StepStats;
import dev.latentq.protocol.FailureCode;
import dev.latentq.worker.jobs.JobTimes;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobMetricsRecorderTest {
  private final WorkerMetrics metrics = new WorkerMetrics("w1", Set.of("sd15"), () -> 0);
  private final JobMetricsRecorder recorder = new JobMetricsRecorder(metrics);

  @Test
  void aSucceededJobIsCountedWithItsPhaseDecodeAndUploadTimes() {
    recorder.succeeded("sd15", new JobTimes(seconds(2), seconds(5), seconds(1), seconds(3), seconds(11)));

    String text = metrics.scrape();
    assertThat(value(text, "latentq_jobs_total", "code=\"none\",model=\"sd15\",outcome=\"succeeded\",worker=\"w1\""))
        .isEqualTo(1.0);
    assertThat(value(text, "latentq_job_seconds_sum", "model=\"sd15\",phase=\"queued\",worker=\"w1\"")).isEqualTo(2.0);
    assertThat(value(text, "latentq_job_seconds_sum", "model=\"sd15\",phase=\"total\",worker=\"w1\"")).isEqualTo(11.0);
    assertThat(value(text, "latentq_decode_seconds_sum", "model=\"sd15\",worker=\"w1\"")).isEqualTo(1.0);
    assertThat(value(text, "latentq_upload_seconds_sum", "worker=\"w1\"")).isEqualTo(3.0);
  }

  @Test
  void failuresAndCancellationsAreCountedByModelAndCode() {
    recorder.failed(null, FailureCode.INVALID_JOB);
    recorder.failed("sd15", FailureCode.MODEL_ERROR);
    recorder.canceled("sd15");

    String text = metrics.scrape();
    assertThat(value(text, "latentq_jobs_total", "code=\"invalid_job\",model=\"none\",outcome=\"failed\",worker=\"w1\""))
        .isEqualTo(1.0);
    assertThat(value(text, "latentq_jobs_total", "code=\"model_error\",model=\"sd15\",outcome=\"failed\",worker=\"w1\""))
        .isEqualTo(1.0);
    assertThat(value(text, "latentq_jobs_total", "code=\"none\",model=\"sd15\",outcome=\"canceled\",worker=\"w1\""))
        .isEqualTo(1.0);
  }

  @Test
  void anEngineStepFeedsTheStepAndUnetSeries() {
    recorder.stepped(new StepStats("sd15", 6, 12, 2, 8, Duration.ofMillis(300).toNanos(),
        Duration.ofMillis(400).toNanos()));

    String text = metrics.scrape();
    assertThat(value(text, "latentq_step_seconds_sum", "model=\"sd15\",worker=\"w1\"")).isEqualTo(0.4);
    assertThat(value(text, "latentq_unet_call_seconds_count", "model=\"sd15\",worker=\"w1\"")).isEqualTo(2.0);
    assertThat(value(text, "latentq_unet_samples_total", "worker=\"w1\"")).isEqualTo(12.0);
    assertThat(value(text, "latentq_batch_occupancy", "worker=\"w1\"")).as("12 rows in 2 calls of 8").isEqualTo(0.75);
  }

  private static long seconds(long s) {
    return Duration.ofSeconds(s).toNanos();
  }
}
