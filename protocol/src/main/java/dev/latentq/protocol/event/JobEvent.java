package dev.latentq.protocol.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a job, published on the events topic as a CloudEvent (see {@link EventCodec}).
 *
 * <p>{@link #eventId()} is deterministic, so a worker that processes a redelivered job repeats the same ids and
 * consumers can deduplicate on ({@code ce_source}, {@code ce_id}).
 */
public sealed interface JobEvent {

  /** The job id; also the record key and {@code ce_subject}. */
  default String jobId() {
    return data().id();
  }

  /** The event's type. */
  EventType type();

  /** When it happened ({@code ce_time}). */
  Instant time();

  /** The data record (the record value as JSON). */
  EventData data();

  /** The {@code ce_id}: {@code <jobId>/<kind>}, or {@code <jobId>/progress/<step>} for progress. */
  default String eventId() {
    return jobId() + "/" + type().kind();
  }

  /** The job was accepted and queued. */
  record Accepted(AcceptedData data, Instant time) implements JobEvent {
    public Accepted {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(time, "time");
    }

    @Override
    public EventType type() {
      return EventType.ACCEPTED;
    }
  }

  /** The job joined a GPU batch. */
  record Started(StartedData data, Instant time) implements JobEvent {
    public Started {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(time, "time");
    }

    @Override
    public EventType type() {
      return EventType.STARTED;
    }
  }

  /** Denoising progressed (rate-limited). */
  record Progress(ProgressData data, Instant time) implements JobEvent {
    public Progress {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(time, "time");
    }

    @Override
    public EventType type() {
      return EventType.PROGRESS;
    }

    @Override
    public String eventId() {
      return data.id() + "/" + EventType.PROGRESS.kind() + "/" + data.step();
    }
  }

  /** Every image is stored; terminal. */
  record Succeeded(SucceededData data, Instant time) implements JobEvent {
    public Succeeded {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(time, "time");
    }

    @Override
    public EventType type() {
      return EventType.SUCCEEDED;
    }
  }

  /** The job failed; terminal. */
  record Failed(FailedData data, Instant time) implements JobEvent {
    public Failed {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(time, "time");
    }

    @Override
    public EventType type() {
      return EventType.FAILED;
    }
  }

  /** The job was canceled; terminal. */
  record Canceled(CanceledData data, Instant time) implements JobEvent {
    public Canceled {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(time, "time");
    }

    @Override
    public EventType type() {
      return EventType.CANCELED;
    }
  }
}
