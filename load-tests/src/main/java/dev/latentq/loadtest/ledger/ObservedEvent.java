package dev.latentq.loadtest.ledger;

import dev.latentq.protocol.event.EventType;
import dev.latentq.protocol.event.JobEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * A job event as the load generator saw it.
 *
 * @param jobId job id
 * @param type event type
 * @param ceId the record's {@code ce_id} header, or the protocol's deterministic id when the header was unreadable
 * @param receivedNanos when it was read, in nanoseconds after the run start
 * @param eventTime the worker's {@code ce_time}
 * @param failureCode nullable: the code of a failed event
 * @param imageCount nullable: the number of images of a succeeded event
 * @param workerQueuedMs nullable: {@code timings.queuedMs} of a succeeded event (acceptance to joining a batch)
 */
public record ObservedEvent(String jobId, EventType type, String ceId, long receivedNanos, Instant eventTime,
    String failureCode, Integer imageCount, Long workerQueuedMs) {

  public ObservedEvent {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(ceId, "ceId");
    Objects.requireNonNull(eventTime, "eventTime");
  }

  /** The observation of {@code event}; {@code ceId} null means the header was missing. */
  public static ObservedEvent of(JobEvent event, String ceId, long receivedNanos) {
    String id = ceId != null ? ceId : event.eventId();
    return switch (event) {
      case JobEvent.Succeeded s -> new ObservedEvent(s.jobId(), s.type(), id, receivedNanos, s.time(), null,
          s.data().images().size(), s.data().timings().queuedMs());
      case JobEvent.Failed f -> new ObservedEvent(f.jobId(), f.type(), id, receivedNanos, f.time(), f.data().code(),
          null, null);
      default -> new ObservedEvent(event.jobId(), event.type(), id, receivedNanos, event.time(), null, null, null);
    };
  }

  /** Whether it ends the job. */
  public boolean terminal() {
    return type.terminal();
  }
}
