package dev.latentq.engine.batching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine thread's commands (submit, cancel, drain, close) on a simulated model with free calls. */
class BatchEngineTest {
  private BatchEngine engine;

  @BeforeEach
  void start() {
    engine = new BatchEngine(Map.of("sim", SimulatedModels.free("sim")), 4, EngineListener.NONE, Clock.systemUTC());
    engine.start();
  }

  @AfterEach
  void stop() throws Exception {
    engine.close();
  }

  @Test
  void runsSubmittedJobsToTheirImages() throws Exception {
    CompletableFuture<JobImages> a = engine.submit(EngineJob.of("a", "sim", SimulatedModels.request(64, 3, 2)));
    CompletableFuture<JobImages> b = engine.submit(EngineJob.of("b", "sim", SimulatedModels.request(64, 3, 1)));

    assertThat(a.get(30, TimeUnit.SECONDS).images()).hasSize(2);
    assertThat(b.get(30, TimeUnit.SECONDS).images()).hasSize(1);
  }

  @Test
  void aCancelThatOvertakesItsJobCancelsItOnArrival() throws Exception {
    engine.cancel("early", "changed my mind", false);

    CompletableFuture<JobImages> job = engine.submit(EngineJob.of("early", "sim", SimulatedModels.request(64, 3, 1)));

    assertThat(kind(job)).isEqualTo(JobOutcomeException.Kind.CANCELED);
  }

  @Test
  void anAbandonForAnUnknownJobIsNotRemembered() throws Exception {
    engine.cancel("moved", "partition moved", true);

    CompletableFuture<JobImages> job = engine.submit(EngineJob.of("moved", "sim", SimulatedModels.request(64, 3, 1)));

    assertThat(job.get(30, TimeUnit.SECONDS).images()).hasSize(1);
  }

  @Test
  void anUnknownModelFailsAtOnce() {
    CompletableFuture<JobImages> job = engine.submit(EngineJob.of("x", "nope", SimulatedModels.request(64, 3, 1)));

    assertThat(job).isCompletedExceptionally();
  }

  @Test
  void aDrainedEngineRefusesNewJobsAsAbandoned() throws Exception {
    engine.drain(Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);

    CompletableFuture<JobImages> job = engine.submit(EngineJob.of("late", "sim", SimulatedModels.request(64, 3, 1)));

    assertThat(kind(job)).isEqualTo(JobOutcomeException.Kind.ABANDONED);
  }

  @Test
  void closeReturnsOnceTheEngineThreadHasStopped() throws Exception {
    engine.submit(EngineJob.of("a", "sim", SimulatedModels.request(64, 50, 1)));

    engine.close();

    assertThat(engine.isAlive()).isFalse();
  }

  private static JobOutcomeException.Kind kind(CompletableFuture<JobImages> job) throws Exception {
    try {
      job.get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected the job to end without images");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(JobOutcomeException.class);
      return ((JobOutcomeException) e.getCause()).kind();
    }
  }
}
