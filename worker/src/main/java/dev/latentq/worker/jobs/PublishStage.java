package dev.latentq.worker.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.Job;
import dev.latentq.worker.events.EventPublisher;
import io.vertx.core.Future;

/**
 * Publishes the events of a job's life in the pipeline: {@code accepted} (not waited for), and the terminal
 * {@code succeeded}, {@code failed} or {@code canceled}, whose acknowledgement lets the record's offset be committed.
 * Tells the {@link JobObserver} each outcome as it goes out. The engine's {@code started} and {@code progress} are
 * {@link EngineEvents}'.
 */
final class PublishStage implements JobStage<StoredImages, Disposition> {
  private final EventPublisher events;
  private final JobEvents jobEvents;
  private final JobObserver observer;

  PublishStage(EventPublisher events, JobEvents jobEvents, JobObserver observer) {
    this.events = events;
    this.jobEvents = jobEvents;
    this.observer = observer;
  }

  /** The job entered the pipeline. The job goes on if the event cannot be delivered; only terminal events gate. */
  void accepted(Job job) {
    events.publishUnawaited(jobEvents.accepted(job));
  }

  /** The job's images are stored: it succeeded. */
  @Override
  public Future<Disposition> apply(ResolvedJob job, StoredImages stored) {
    observer.succeeded(job.job().model(), stored.times());
    return events.publish(jobEvents.succeeded(job.job(), stored.request(), stored.images(), stored.times().timings()))
        .map(Disposition.FINISHED);
  }

  /**
   * Publishes a job's failure (also for jobs rejected at intake, whose model may be unknown).
   *
   * @param model nullable: the job's model when it was readable
   * @param metadata nullable: the job's metadata when it was readable
   */
  Future<Void> failed(String jobId, String model, ObjectNode metadata, FailureCode code, String message) {
    observer.failed(model, code);
    return events.publish(jobEvents.failed(jobId, code, message, metadata));
  }

  /** Publishes a job's cancellation. */
  Future<Void> canceled(Job job, String reason) {
    observer.canceled(job.model());
    return events.publish(jobEvents.canceled(job, reason));
  }
}
