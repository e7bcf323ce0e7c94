package dev.latentq.worker.jobs;

import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.JobCodec;
import dev.latentq.protocol.job.JobDecodingException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decodes and resolves one job record into an {@link Admission}: run it, reject it (with the failure policy's
 * strategy), or share the outcome of the same job already in flight. Holds no state of its own; thread-safe.
 *
 * <p>A record's key must be its job's id: keys choose partitions, and only one partition per id keeps one id on
 * one worker at a time. A record keyed otherwise (or not at all) is rejected without a job id (no failed event),
 * since its body's id cannot be trusted to name the submitter's job.
 */
public final class JobAdmission {
  private final JobCodec codec = new JobCodec();
  private final JobResolver resolver;
  private final FailurePolicy policy;

  public JobAdmission(JobResolver resolver, FailurePolicy policy) {
    this.resolver = resolver;
    this.policy = policy;
  }

  /**
   * @param key the record key (nullable), which must be the job id
   * @param producedAt nullable: the record's timestamp, which decides whether a cancel applies to the job
   * @param inFlight the job held on this worker under an id, or null when none is
   * @param acceptedNanos when intake received the record ({@link System#nanoTime()})
   */
  public Admission admit(String key, byte[] value, Instant producedAt, Function<String, Admission.Held> inFlight,
      long acceptedNanos) {
    Job job;
    try {
      job = codec.decode(value);
    } catch (JobDecodingException e) {
      // A failed event only for an id the record's key confirms: another key may not speak for that job.
      return reject(e.failureCode(), e.getMessage(), e.jobId().filter(id -> id.equals(key)), null, e);
    }
    if (!job.id().equals(key)) {
      return reject(FailureCode.INVALID_JOB, "the record key " + shownKey(key) + " is not the job id '" + job.id()
          + "': produce every job keyed by its id, so that all records of an id go to one partition (and one"
          + " worker)", Optional.empty(), null, null);
    }
    Admission.Held running = inFlight.apply(job.id());
    if (running != null && running.job().equals(job)) {
      // The very same record content (e.g. a producer's retry): checked before resolving, whose deadline check
      // could otherwise fail the copy while the original runs.
      return new Admission.Duplicate(job.id());
    }
    ResolvedJob resolved;
    try {
      resolved = resolver.resolve(job, acceptedNanos).withProducedAt(producedAt);
    } catch (JobRejection e) {
      return reject(e.code(), e.getMessage(), Optional.of(job.id()), job, e);
    }
    if (running != null) {
      if (running.fingerprint().equals(resolved.fingerprint())) {
        return new Admission.Duplicate(job.id());
      }
      return reject(FailureCode.ID_CONFLICT, "job id '" + job.id() + "' is in use by a different job running on"
          + " this worker; submit this job under a new id", Optional.of(job.id()), job, null);
    }
    return new Admission.Run(resolved);
  }

  private Admission.Reject reject(FailureCode code, String message, Optional<String> jobId, Job job,
      Exception cause) {
    return new Admission.Reject(code, message, jobId, job == null ? null : job.model(),
        job == null ? null : job.metadata(), policy.onRejection(code), cause);
  }

  /** A record key as it may appear in a message: quoted, shortened, control characters escaped. */
  private static String shownKey(String key) {
    if (key == null) {
      return "(none)";
    }
    String shown = key.length() > 64 ? key.substring(0, 64) + "..." : key;
    StringBuilder out = new StringBuilder("'");
    shown.codePoints().forEach(c -> {
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.append('\'').toString();
  }
}
