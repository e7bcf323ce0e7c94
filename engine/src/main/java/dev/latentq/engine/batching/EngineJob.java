package dev.latentq.engine.batching;

import dev.latentq.engine.pipeline.GenerationRequest;
import java.time.Instant;
import java.util.Objects;

/**
 * A validated job handed to the engine: which model, the fully resolved request, and the scheduling facts
 * (priority, deadline, arrival). Immutable; the engine keeps its own mutable bookkeeping beside it. Start from
 * {@link #of(String, String, GenerationRequest)} and add scheduling facts with the withers.
 *
 * @param id the job id (unique among jobs in flight on this worker)
 * @param model id of a model the engine has loaded
 * @param priority higher runs first
 * @param deadline nullable: if the job is still queued at this instant it fails without running
 * @param acceptedNanos {@link System#nanoTime()} when intake accepted the job (queue time starts here)
 * @param producedAt nullable: when the job was submitted (e.g. its record's timestamp); a cancel requested
 *     before it does not apply to it
 */
public record EngineJob(String id, String model, GenerationRequest request, int priority, Instant deadline,
    long acceptedNanos, Instant producedAt) {
  public EngineJob {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(request, "request");
  }

  /** A job without a known submission time. */
  public EngineJob(String id, String model, GenerationRequest request, int priority, Instant deadline,
      long acceptedNanos) {
    this(id, model, request, priority, deadline, acceptedNanos, null);
  }

  /** A job with priority 0, no deadline, accepted now. */
  public static EngineJob of(String id, String model, GenerationRequest request) {
    return new EngineJob(id, model, request, 0, null, System.nanoTime(), null);
  }

  /** This job with another priority (higher runs first). */
  public EngineJob withPriority(int priority) {
    return new EngineJob(id, model, request, priority, deadline, acceptedNanos, producedAt);
  }

  /** This job with a deadline for starting (null for none). */
  public EngineJob withDeadline(Instant deadline) {
    return new EngineJob(id, model, request, priority, deadline, acceptedNanos, producedAt);
  }

  /** This job accepted at {@code acceptedNanos} ({@link System#nanoTime()}), where queue time starts. */
  public EngineJob withAcceptedNanos(long acceptedNanos) {
    return new EngineJob(id, model, request, priority, deadline, acceptedNanos, producedAt);
  }

  /** This job submitted at {@code producedAt} (null when unknown): only cancels requested at or after it apply. */
  public EngineJob withProducedAt(Instant producedAt) {
    return new EngineJob(id, model, request, priority, deadline, acceptedNanos, producedAt);
  }

  /** Whether a cancel requested at {@code requestedAt} (null: unknown) applies to this job. */
  boolean canceledBy(Instant requestedAt) {
    return requestedAt == null || producedAt == null || !producedAt.isAfter(requestedAt);
  }

  /** U-Net rows one step of this job takes (two per image with classifier-free guidance). */
  int rows(boolean guided) {
    return request.numImages() * (guided ? 2 : 1);
  }
}
