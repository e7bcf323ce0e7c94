package dev.latentq.protocol.client;

import dev.latentq.protocol.event.CanceledData;
import dev.latentq.protocol.event.FailedData;
import dev.latentq.protocol.event.JobEvent;
import dev.latentq.protocol.event.SucceededData;
import java.util.Objects;
import java.util.Optional;

/** How a job ended: the data of its terminal event. */
public sealed interface JobOutcome {

  /** The job id. */
  String jobId();

  /**
   * The outcome carried by {@code event}, or empty for a non-terminal event (accepted, started, progress).
   */
  static Optional<JobOutcome> of(JobEvent event) {
    return switch (event) {
      case JobEvent.Succeeded succeeded -> Optional.of(new Succeeded(succeeded.data()));
      case JobEvent.Failed failed -> Optional.of(new Failed(failed.data()));
      case JobEvent.Canceled canceled -> Optional.of(new Canceled(canceled.data()));
      case JobEvent.Accepted accepted -> Optional.empty();
      case JobEvent.Started started -> Optional.empty();
      case JobEvent.Progress progress -> Optional.empty();
    };
  }

  /** Every image is stored. */
  record Succeeded(SucceededData data) implements JobOutcome {
    public Succeeded {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public String jobId() {
      return data.id();
    }
  }

  /** The job failed; {@link FailedData#retryable()} says whether resubmitting may help. */
  record Failed(FailedData data) implements JobOutcome {
    public Failed {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public String jobId() {
      return data.id();
    }
  }

  /** The job was canceled. */
  record Canceled(CanceledData data) implements JobOutcome {
    public Canceled {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public String jobId() {
      return data.id();
    }
  }
}
