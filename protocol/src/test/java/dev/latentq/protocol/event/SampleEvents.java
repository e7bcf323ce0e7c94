package dev.latentq.protocol.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.ProtocolJson;
import java.time.Instant;
import java.util.List;

/** One realistic event of each type, for job {@code job-1}. */
public final class SampleEvents {

  public static final Instant TIME = Instant.parse("2026-11-26T10:00:01.250Z");

  private SampleEvents() {
  }

  public static ObjectNode metadata() {
    ObjectNode metadata = ProtocolJson.objectNode();
    metadata.put("user", 7).putArray("tags").add("fox");
    return metadata;
  }

  public static JobEvent.Accepted accepted(String jobId) {
    return new JobEvent.Accepted(new AcceptedData(jobId, "sd15", "worker-a", metadata()), TIME);
  }

  public static JobEvent.Started started(String jobId) {
    return new JobEvent.Started(new StartedData(jobId, "sd15", "worker-a", metadata()), TIME);
  }

  public static JobEvent.Progress progress(String jobId, int step) {
    return new JobEvent.Progress(new ProgressData(jobId, step, 30), TIME);
  }

  public static JobEvent.Succeeded succeeded(String jobId) {
    GeneratedImage image = new GeneratedImage(0, "latentq-out", "runs/" + jobId + "/0.png", 412_345L,
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 42L, 512, 512);
    Timings timings = new Timings(120, 2_400, 180, 35, 2_735);
    return new JobEvent.Succeeded(new SucceededData(jobId, "sd15", "worker-a", List.of(image), timings, "euler_a", 30,
        7.5, metadata()), TIME);
  }

  public static JobEvent.Failed failed(String jobId) {
    return new JobEvent.Failed(FailedData.of(jobId, FailureCode.STORAGE_UNAVAILABLE,
        "bucket latentq-out is unreachable: check the S3 endpoint", "worker-a", metadata()), TIME);
  }

  public static JobEvent.Canceled canceled(String jobId) {
    return new JobEvent.Canceled(new CanceledData(jobId, "canceled by control message", "worker-a", null), TIME);
  }

  public static List<JobEvent> all(String jobId) {
    return List.of(accepted(jobId), started(jobId), progress(jobId, 10), succeeded(jobId), failed(jobId),
        canceled(jobId));
  }
}
