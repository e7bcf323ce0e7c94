package dev.latentq.loadtest.ledger;

import java.util.Objects;

/**
 * A job handed to the producer.
 *
 * @param jobId job id
 * @param jobClass name of its class in the mix
 * @param numImages images it asks for
 * @param plannedNanos when the arrival schedule wanted it sent, in nanoseconds after the run start
 * @param submitNanos when it was handed to the producer, in nanoseconds after the run start
 */
public record SubmittedJob(String jobId, String jobClass, int numImages, long plannedNanos, long submitNanos) {
  public SubmittedJob {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(jobClass, "jobClass");
  }
}
