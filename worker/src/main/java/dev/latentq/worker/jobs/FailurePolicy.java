package dev.latentq.worker.jobs;

import dev.latentq.protocol.FailureCode;

/**
 * What the worker does with a job's record when the job does not succeed — the one place that decides, asked by
 * intake (rejected and unprocessable records), the pipeline (failures, cancellations, abandonment) and therefore by
 * dead-lettering. Named after the failure strategies of messaging frameworks (SmallRye's {@code fail},
 * {@code dead-letter-queue}...). Immutable.
 */
public final class FailurePolicy {
  /** The worker's policy. */
  public static final FailurePolicy DEFAULT = new FailurePolicy();

  /** What happens to the record. */
  public enum Strategy {
    /**
     * Bad input: copy the record to the dead-letter topic, publish a failed event when the job id is readable,
     * commit. Resubmitting it unchanged can never succeed.
     */
    DEAD_LETTER,
    /** The input was fine but the job failed or was canceled: publish its terminal event, commit. */
    PUBLISH_OUTCOME,
    /** The worker let go of the job (drain, partition moved) or could not publish its outcome: leave the offset
     * uncommitted so that the partition's next owner redoes the job. */
    REDELIVER
  }

  private FailurePolicy() {}

  /** A record intake rejects with {@code code} while decoding or resolving it. */
  public Strategy onRejection(FailureCode code) {
    return switch (code) {
      // Bad input: resubmitting the record unchanged can never succeed on this worker.
      case INVALID_JSON, INVALID_JOB, UNKNOWN_MODEL, UNKNOWN_LORA, UNSUPPORTED_REQUEST, FORBIDDEN_BUCKET ->
          Strategy.DEAD_LETTER;
      // ID_CONFLICT (a valid job under a used id) and the rest: the failed event settles the record.
      default -> Strategy.PUBLISH_OUTCOME;
    };
  }

  /** A record whose handling threw unexpectedly: dead-letter it with the cause, so it cannot stall its partition. */
  public Strategy onUnexpected() {
    return Strategy.DEAD_LETTER;
  }

  /** A job that failed or was canceled after intake (engine, init image, storage, a bug): its event settles it. */
  public Strategy onJobFailure(FailureCode code) {
    return Strategy.PUBLISH_OUTCOME;
  }

  /** A job canceled by request: its canceled event settles it. */
  public Strategy onCanceled() {
    return Strategy.PUBLISH_OUTCOME;
  }

  /** A job the worker let go of: shutting down, or its partition moved to another worker. */
  public Strategy onAbandoned() {
    return Strategy.REDELIVER;
  }

  /** A job whose terminal event could not be published: nobody heard of its outcome. */
  public Strategy onUnpublishedOutcome() {
    return Strategy.REDELIVER;
  }
}
