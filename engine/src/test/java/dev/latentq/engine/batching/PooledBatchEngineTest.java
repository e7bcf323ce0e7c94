package dev.latentq.engine.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.engine.model.ModelLoadException;
import dev.latentq.engine.model.ResidentMemory;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.residency.ModelPool;
import dev.latentq.engine.residency.ModelSource;
import dev.latentq.engine.residency.PoolListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine with a model pool: jobs wait for their model's load without holding other models' batches. */
class PooledBatchEngineTest {
  private static final long MODEL = 1000;

  private BatchEngine engine;

  @AfterEach
  void stop() throws Exception {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void aModelThatIsLoadingDoesNotHoldAnotherModelsJobs() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger slowLoads = new AtomicInteger();
    ModelSource slow = ModelSource.declared("slow", false, MODEL, () -> {
      if (slowLoads.getAndIncrement() > 0) {
        await(release);
      }
      return SimulatedModels.free("slow");
    });
    engine = start(pool(0, PoolListener.NONE, slow, ModelSource.declared("fast", true, MODEL, free("fast"))));

    CompletableFuture<JobImages> waiting = engine.submit(EngineJob.of("w", "slow", SimulatedModels.request(64, 3, 1)));
    CompletableFuture<JobImages> other = engine.submit(EngineJob.of("o", "fast", SimulatedModels.request(64, 3, 1)));

    assertThat(other.get(30, TimeUnit.SECONDS).images()).hasSize(1);
    assertThat(waiting).isNotDone();
    assertThat(engine.queuedJobs()).isEqualTo(1);

    release.countDown();
    assertThat(waiting.get(30, TimeUnit.SECONDS).images()).hasSize(1);
  }

  @Test
  void jobsCyclingThroughMoreModelsThanFitAllSucceedWithinTheBudget() throws Exception {
    AtomicLong maxResident = new AtomicLong();
    AtomicInteger evictions = new AtomicInteger();
    ModelPool[] holder = new ModelPool[1];
    PoolListener watch = new PoolListener() {
      @Override
      public void loaded(String model, long nanos, long bytes) {
        if (holder[0] != null) {
          maxResident.accumulateAndGet(holder[0].residentBytes(), Math::max);
        }
      }

      @Override
      public void evicted(String model, long bytes) {
        evictions.incrementAndGet();
      }
    };
    List<ModelSource> sources = new ArrayList<>();
    for (String id : List.of("m1", "m2", "m3", "m4")) {
      sources.add(ModelSource.declared(id, false, MODEL, free(id)));
    }
    holder[0] = pool(2 * MODEL + MODEL / 2, watch, sources.toArray(ModelSource[]::new));
    engine = start(holder[0]);

    List<CompletableFuture<JobImages>> jobs = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      jobs.add(engine.submit(EngineJob.of("j" + i, "m" + (1 + i % 4), SimulatedModels.request(64, 2, 1))));
    }

    for (CompletableFuture<JobImages> job : jobs) {
      assertThat(job.get(60, TimeUnit.SECONDS).images()).hasSize(1);
    }
    assertThat(evictions.get()).isPositive();
    assertThat(maxResident.get()).isLessThanOrEqualTo(2 * MODEL + MODEL / 2);
  }

  @Test
  void aFailedLoadFailsItsWaitingJobsAndTheNextJobLoadsAgain() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    ModelSource flaky = ModelSource.declared("flaky", false, MODEL, () -> {
      if (attempts.getAndIncrement() == 1) {
        throw new ModelLoadException("vae_decoder/model.onnx is missing");
      }
      return SimulatedModels.free("flaky");
    });
    engine = start(pool(0, PoolListener.NONE, flaky));

    CompletableFuture<JobImages> first = engine.submit(EngineJob.of("a", "flaky", SimulatedModels.request(64, 2, 1)));

    assertThatThrownBy(() -> first.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(JobOutcomeException.class, e -> {
          assertThat(e.reason()).isEqualTo(JobOutcomeException.Reason.MODEL_LOAD_FAILED);
          assertThat(e.getMessage()).contains("model flaky", "vae_decoder/model.onnx is missing");
        });

    CompletableFuture<JobImages> next = engine.submit(EngineJob.of("b", "flaky", SimulatedModels.request(64, 2, 1)));
    assertThat(next.get(30, TimeUnit.SECONDS).images()).hasSize(1);
  }

  private static ModelPool pool(long budget, PoolListener listener, ModelSource... sources) {
    ModelPool pool = new ModelPool(List.of(sources), budget, null, ResidentMemory.unavailable(), listener);
    pool.start();
    return pool;
  }

  private static BatchEngine start(ModelPool pool) {
    BatchEngine started = new BatchEngine(pool, 4, EngineListener.NONE, Clock.systemUTC(), SchedulingOptions.DEFAULTS,
        System::nanoTime);
    started.start();
    return started;
  }

  private static Supplier<DiffusionModel> free(String id) {
    return () -> SimulatedModels.free(id);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
