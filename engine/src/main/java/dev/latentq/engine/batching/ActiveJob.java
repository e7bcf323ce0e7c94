package dev.latentq.engine.batching;

import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.Sample;
import dev.latentq.engine.scheduler.SchedulePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The engine's bookkeeping for one job, queued or running. Engine thread only, except {@link #result}. */
final class ActiveJob {
  /** Higher priority first, then earlier arrival, then id for a total order. */
  static final Comparator<ActiveJob> ORDER = Comparator.comparingInt((ActiveJob j) -> -j.job.priority())
      .thenComparingLong(j -> j.job.acceptedNanos())
      .thenComparing(j -> j.job.id());

  final EngineJob job;
  final CompletableFuture<JobImages> result = new CompletableFuture<>();
  final List<Sample> samples = new ArrayList<>();
  private SchedulePlan plan;
  private int tokens;
  /** Samples prepared while the job still queued (its prompt encoded with joining jobs'), null when none. */
  DiffusionModel.Prepared ahead;
  /** When the job entered its lane's queue, on the engine's clock (admission policies wait on it). */
  Instant queuedAt;
  long admittedNanos;
  /** Times a higher-priority job took this one's place; bounded by the engine's {@code maxPreemptions}. */
  int preemptions;
  int finished;
  int reportedStep;

  ActiveJob(EngineJob job) {
    this.job = job;
  }

  String id() {
    return job.id();
  }

  /** The plan the job will run with, computed once (to group it with compatible samples before admission). */
  SchedulePlan plan(ModelLane lane) {
    if (plan == null) {
      plan = lane.model().scheduler(job.request().scheduler()).plan(job.request().steps(), job.request().strength());
    }
    return plan;
  }

  /** Conditioning tokens per row the job will have, computed once (tokenizes the prompts). */
  int tokens(ModelLane lane) {
    if (tokens == 0) {
      tokens = lane.model().sequenceLength(job.request());
    }
    return tokens;
  }
}
