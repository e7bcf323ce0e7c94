package dev.latentq.loadtest;

import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.event.AcceptedData;
import dev.latentq.protocol.event.CanceledData;
import dev.latentq.protocol.event.FailedData;
import dev.latentq.protocol.event.GeneratedImage;
import dev.latentq.protocol.event.JobEvent;
import dev.latentq.protocol.event.ProgressData;
import dev.latentq.protocol.event.StartedData;
import dev.latentq.protocol.event.SucceededData;
import dev.latentq.protocol.event.Timings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Realistic job events for tests, as a worker would publish them. */
public final class TestEvents {

  public static final Instant TIME = Instant.parse("2026-11-26T10:00:00Z");

  private TestEvents() {
  }

  public static JobEvent.Accepted accepted(String jobId) {
    return new JobEvent.Accepted(new AcceptedData(jobId, "shapes-sd", "worker-a", null), TIME);
  }

  public static JobEvent.Started started(String jobId) {
    return new JobEvent.Started(new StartedData(jobId, "shapes-sd", "worker-a", null), TIME);
  }

  public static JobEvent.Progress progress(String jobId, int step) {
    return new JobEvent.Progress(new ProgressData(jobId, step, 20), TIME);
  }

  public static JobEvent.Succeeded succeeded(String jobId, int images, long queuedMs) {
    List<GeneratedImage> list = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      list.add(new GeneratedImage(i, "latentq-images", "images/" + jobId + "/" + i + ".png", 2_000, "0".repeat(64),
          i, 128, 128));
    }
    return new JobEvent.Succeeded(new SucceededData(jobId, "shapes-sd", "worker-a", list,
        new Timings(queuedMs, 500, 20, 10, queuedMs + 530), "ddim", 20, 5.0, null), TIME);
  }

  public static JobEvent.Failed failed(String jobId, FailureCode code) {
    return new JobEvent.Failed(FailedData.of(jobId, code, "failed for a test", "worker-a", null), TIME);
  }

  public static JobEvent.Canceled canceled(String jobId) {
    return new JobEvent.Canceled(new CanceledData(jobId, "canceled by control message", "worker-a", null), TIME);
  }
}
