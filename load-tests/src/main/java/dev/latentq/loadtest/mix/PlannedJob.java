package dev.latentq.loadtest.mix;

import dev.latentq.protocol.job.Job;
import java.util.Objects;

/**
 * A job ready to submit and the class it was drawn from.
 *
 * @param job the job
 * @param jobClass its class
 */
public record PlannedJob(Job job, JobClass jobClass) {
  public PlannedJob {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(jobClass, "jobClass");
  }
}
