package dev.latentq.protocol.job;

import dev.latentq.protocol.FailureCode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The record value is a JSON object that breaks the job contract. {@link #violations()} lists every violated field,
 * so the producer can fix them all at once.
 */
public final class InvalidJobException extends JobDecodingException {

  private final List<Violation> violations;

  InvalidJobException(List<Violation> violations, String jobId) {
    super(describe(violations, jobId), jobId, null);
    this.violations = List.copyOf(violations);
  }

  /** The violations, in field order; never empty. */
  public List<Violation> violations() {
    return violations;
  }

  @Override
  public FailureCode failureCode() {
    return FailureCode.INVALID_JOB;
  }

  private static String describe(List<Violation> violations, String jobId) {
    String subject = jobId == null ? "job without a valid id" : "job '" + jobId + "'";
    return subject + " breaks the job contract (fix these fields, see job.schema.json): "
        + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
  }
}
