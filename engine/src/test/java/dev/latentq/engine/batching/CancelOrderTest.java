package dev.latentq.engine.batching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.engine.simulation.SimulatedModel;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A cancel applies only to a job produced at or before it: an id may be reused by a later, unrelated job, which a
 * stale cancel (remembered for an hour when it arrived before any job) must not cancel. Every command is posted
 * before the engine thread starts, so the order is fixed and no timing is involved.
 */
class CancelOrderTest {
  private static final Instant CANCEL_TIME = Instant.parse("2026-12-03T10:00:00Z");

  private static EngineJob job(DiffusionModel model, String id, Instant producedAt) {
    return EngineJob.of(id, "sim", model.request("p").seed(1).steps(2).build()).withProducedAt(producedAt);
  }

  @Test
  void aCancelAppliesToJobsProducedBeforeItAndNotToLaterOnes() throws Exception {
    DiffusionModel model = SimulatedModel.create("sim", CostModel.load("h100-sd15-graph"));
    try (BatchEngine engine = new BatchEngine(Map.of("sim", model), 8, EngineListener.NONE, Clock.systemUTC())) {
      // Cancels that arrive before their job: remembered with their time.
      engine.cancel("reused", "canceled by request", false, CANCEL_TIME);
      CompletableFuture<JobImages> later = engine.submit(job(model, "reused", CANCEL_TIME.plusSeconds(1)));
      engine.cancel("overtaken", "canceled by request", false, CANCEL_TIME);
      CompletableFuture<JobImages> earlier = engine.submit(job(model, "overtaken", CANCEL_TIME.minusSeconds(1)));
      engine.cancel("same-time", "canceled by request", false, CANCEL_TIME);
      CompletableFuture<JobImages> sameTime = engine.submit(job(model, "same-time", CANCEL_TIME));
      // Cancels that arrive while their job is held.
      CompletableFuture<JobImages> held = engine.submit(job(model, "held", CANCEL_TIME));
      engine.cancel("held", "canceled by request", false, CANCEL_TIME.minusMillis(1));
      CompletableFuture<JobImages> heldCanceled = engine.submit(job(model, "held-2", CANCEL_TIME));
      engine.cancel("held-2", "canceled by request", false, CANCEL_TIME.plusMillis(1));
      // A cancel without a time (older callers) still applies.
      engine.cancel("untimed", "canceled by request", false);
      CompletableFuture<JobImages> untimed = engine.submit(job(model, "untimed", CANCEL_TIME));
      engine.start();

      assertThat(later.get(1, TimeUnit.MINUTES).images()).hasSize(1);
      assertThat(held.get(1, TimeUnit.MINUTES).images()).hasSize(1);
      for (CompletableFuture<JobImages> canceled : new CompletableFuture[] {earlier, sameTime, heldCanceled,
          untimed}) {
        assertThat(outcome(canceled)).isEqualTo(JobOutcomeException.Kind.CANCELED);
      }
    }
  }

  private static JobOutcomeException.Kind outcome(CompletableFuture<JobImages> job) throws Exception {
    try {
      job.get(1, TimeUnit.MINUTES);
      return null;
    } catch (ExecutionException e) {
      return ((JobOutcomeException) e.getCause()).kind();
    }
  }
}
