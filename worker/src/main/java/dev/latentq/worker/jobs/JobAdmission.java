package dev.latentq.worker.jobs;

import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.JobCodec;
import dev.latentq.protocol.job.JobDecodingException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decodes and resolves one job record into an {@link Admission}: run it, reject it (with the failure policy's
 * strategy), or share the outcome of the same job already in flight. Holds no state of its own; thread-safe.
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
   * @param inFlight whether a job id is already in flight on this worker
   * @param acceptedNanos when intake received the record ({@link System#nanoTime()})
   */
  public Admission admit(byte[] value, Predicate<String> inFlight, long acceptedNanos) {
    Job job;
    try {
      job = codec.decode(value);
    } catch (JobDecodingException e) {
      return new Admission.Reject(e.failureCode(), e.getMessage(), e.jobId(), null, null,
          policy.onRejection(e.failureCode()), e);
    }
    if (inFlight.test(job.id())) {
      return new Admission.Duplicate(job.id());
    }
    try {
      return new Admission.Run(resolver.resolve(job, acceptedNanos));
    } catch (JobRejection e) {
      return new Admission.Reject(e.code(), e.getMessage(), Optional.of(job.id()), job.model(), job.metadata(),
          policy.onRejection(e.code()), e);
    }
  }
}
