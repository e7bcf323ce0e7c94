package dev.latentq.loadtest.faults;

import dev.latentq.protocol.event.JobEvent;
import java.util.Objects;

/**
 * One event read from the events topic, with the {@code ce_id} its record carried.
 *
 * @param event the decoded event
 * @param ceId the record's {@code ce_id} header (the protocol's deterministic id when the header was missing)
 */
public record SeenEvent(JobEvent event, String ceId) {
  public SeenEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(ceId, "ceId");
  }

  /** The worker the event names, or null for events without one (progress). */
  public String workerId() {
    return switch (event) {
      case JobEvent.Accepted a -> a.data().workerId();
      case JobEvent.Started s -> s.data().workerId();
      case JobEvent.Succeeded s -> s.data().workerId();
      case JobEvent.Failed f -> f.data().workerId();
      case JobEvent.Canceled c -> c.data().workerId();
      case JobEvent.Progress p -> null;
    };
  }
}
