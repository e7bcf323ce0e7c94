package dev.latentq.worker.jobs;

import dev.latentq.engine.batching.JobOutcomeException;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.Job;
import dev.latentq.worker.storage.StorageException;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failure anywhere in a job's stages into its outcome: names the failure (wire code and message), publishes
 * the terminal event when there is one, and returns the disposition that the {@link FailurePolicy} gives.
 */
final class FailureSettlement {
  private static final Logger LOG = LoggerFactory.getLogger(FailureSettlement.class);

  private final PublishStage publish;
  private final FailurePolicy policy;

  FailureSettlement(PublishStage publish, FailurePolicy policy) {
    this.publish = publish;
    this.policy = policy;
  }

  Future<Disposition> settle(Job job, Throwable failure) {
    if (failure instanceof JobOutcomeException outcome) {
      return switch (outcome.kind()) {
        case ABANDONED -> Future.succeededFuture(disposition(policy.onAbandoned()));
        case CANCELED -> publish.canceled(job, outcome.getMessage()).map(disposition(policy.onCanceled()));
        case FAILED -> fail(job, wireCode(outcome.reason()), outcome.getMessage());
      };
    }
    if (failure instanceof JobFailedException failed) {
      return fail(job, failed.code(), failed.getMessage());
    }
    if (failure instanceof StorageException storage) {
      return fail(job, FailureCode.STORAGE_UNAVAILABLE, "could not store the images: " + storage.getMessage());
    }
    LOG.error("job {} failed unexpectedly", job.id(), failure);
    return fail(job, FailureCode.INTERNAL_ERROR, "internal error: " + failure);
  }

  private Future<Disposition> fail(Job job, FailureCode code, String message) {
    return publish.failed(job.id(), job.model(), job.metadata(), code, message)
        .map(disposition(policy.onJobFailure(code)));
  }

  private static Disposition disposition(FailurePolicy.Strategy strategy) {
    return strategy == FailurePolicy.Strategy.REDELIVER ? Disposition.ABANDONED : Disposition.FINISHED;
  }

  private static FailureCode wireCode(JobOutcomeException.Reason reason) {
    return switch (reason) {
      case UNSUPPORTED_REQUEST -> FailureCode.UNSUPPORTED_REQUEST;
      case MODEL_ERROR -> FailureCode.MODEL_ERROR;
      case DEADLINE_EXCEEDED -> FailureCode.DEADLINE_EXCEEDED;
      case MODEL_UNAVAILABLE -> FailureCode.MODEL_UNAVAILABLE;
      case MODEL_LOAD_FAILED -> FailureCode.MODEL_LOAD_FAILED;
    };
  }
}
