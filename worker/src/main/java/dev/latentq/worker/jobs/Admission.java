package dev.latentq.worker.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.Job;
import java.util.Optional;

/** What intake does with one job record, decided by {@link JobAdmission} before anything runs. */
public sealed interface Admission {

  /** A job this worker runs. */
  record Run(ResolvedJob job) implements Admission {}

  /**
   * A record this worker will not run.
   *
   * @param jobId the job id when it was readable (a failed event is published for it)
   * @param model nullable: the job's model when it was readable, for metrics
   * @param metadata nullable: echoed in the failed event
   * @param strategy what the failure policy says to do with the record
   * @param cause why, for the dead letter's headers
   */
  record Reject(FailureCode code, String message, Optional<String> jobId, String model, ObjectNode metadata,
      FailurePolicy.Strategy strategy, Exception cause) implements Admission {}

  /** A job held on this worker: as received, and its {@link JobFingerprint}. */
  record Held(Job job, String fingerprint) {}

  /**
   * The same job (same record content or same fingerprint) already in flight on this worker: the record shares
   * that job's outcome instead of running twice.
   */
  record Duplicate(String jobId) implements Admission {}
}
