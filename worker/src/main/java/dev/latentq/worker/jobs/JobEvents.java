package dev.latentq.worker.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentq.engine.pipeline.GenerationRequest;
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
import dev.latentq.protocol.job.Job;
import java.time.Clock;
import java.util.List;

/**
 * Builds the wire events of this worker's jobs, stamped with its id and the time: the one place that says what each
 * event carries, for the pipeline (accepted and terminal events) and {@link EngineEvents} (started, progress).
 * Immutable.
 */
final class JobEvents {
  private final String workerId;
  private final Clock clock;

  JobEvents(String workerId, Clock clock) {
    this.workerId = workerId;
    this.clock = clock;
  }

  JobEvent accepted(Job job) {
    return new JobEvent.Accepted(new AcceptedData(job.id(), job.model(), workerId, job.metadata()), clock.instant());
  }

  JobEvent started(Job job) {
    return new JobEvent.Started(new StartedData(job.id(), job.model(), workerId, job.metadata()), clock.instant());
  }

  JobEvent progress(String jobId, int step, int totalSteps) {
    return new JobEvent.Progress(new ProgressData(jobId, step, totalSteps), clock.instant());
  }

  JobEvent.Succeeded succeeded(Job job, GenerationRequest request, List<GeneratedImage> images, Timings timings) {
    return new JobEvent.Succeeded(new SucceededData(job.id(), job.model(), workerId, images, timings,
        request.scheduler().wireName(), request.steps(), request.guidanceScale(), job.metadata()), clock.instant());
  }

  /** @param metadata nullable: the job's metadata when it was readable */
  JobEvent failed(String jobId, FailureCode code, String message, ObjectNode metadata) {
    return new JobEvent.Failed(FailedData.of(jobId, code, message, workerId, metadata), clock.instant());
  }

  JobEvent canceled(Job job, String reason) {
    return new JobEvent.Canceled(new CanceledData(job.id(), reason, workerId, job.metadata()), clock.instant());
  }
}
