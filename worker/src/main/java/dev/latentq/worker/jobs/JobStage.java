package dev.latentq.worker.jobs;

import io.vertx.core.Future;

/**
 * One single-purpose step of a job's way through {@link JobPipeline}: takes what the step before produced and
 * completes with what the next one needs, or fails with the cause that {@link FailureSettlement} turns into the
 * job's outcome. Stages never decide a disposition themselves.
 *
 * <p>Called on the pipeline's context (an event loop): a stage must not block it, and moves decoding, encoding and
 * model work to worker threads.
 *
 * @param <I> what the stage takes (the previous stage's result)
 * @param <O> what the stage completes with
 */
@FunctionalInterface
interface JobStage<I, O> {

  Future<O> apply(ResolvedJob job, I input);
}
