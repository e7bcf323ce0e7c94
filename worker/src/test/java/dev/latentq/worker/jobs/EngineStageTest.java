package dev.latentq.worker.jobs;

import static dev.latentq.worker.jobs.StageFixtures.MODEL;
import static dev.latentq.worker.jobs.StageFixtures.SIZE;
import static dev.latentq.worker.jobs.StageFixtures.await;
import static dev.latentq.worker.jobs.StageFixtures.failure;
import static dev.latentq.worker.jobs.StageFixtures.job;
import static dev.latentq.worker.jobs.StageFixtures.onContext;
import static dev.latentq.worker.jobs.StageFixtures.textJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.latentq.engine.batching.EngineJob;
import dev.latentq.engine.batching.JobImages;
import dev.latentq.engine.batching.JobOutcomeException;
import dev.latentq.engine.image.MaskImage;
import dev.latentq.engine.image.RgbImage;
import dev.latentq.protocol.job.ObjectRef;
import dev.latentq.worker.events.ProgressThrottle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineStageTest {
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final RecordedEvents events = new RecordedEvents(vertx, true);
  private final Context reports = vertx.getOrCreateContext();
  private final EngineEvents engineEvents = new EngineEvents(reports, events.publisher,
      new ProgressThrottle(Duration.ofSeconds(1), 100, System::nanoTime), JobObserver.NONE, "w1", Clock.systemUTC());
  /** The fake engine: what it was given, and the outcome the test completes. */
  private final Map<String, CompletableFuture<JobImages>> submitted = new ConcurrentHashMap<>();
  private final AtomicReference<EngineJob> lastJob = new AtomicReference<>();
  private final EngineStage stage = new EngineStage(context, job -> {
    lastJob.set(job);
    return submitted.computeIfAbsent(job.id(), id -> new CompletableFuture<>());
  }, engineEvents);

  @AfterEach
  void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void theEngineGetsTheJobWithItsInputImages() {
    RgbImage init = RgbImage.black(SIZE, SIZE);
    MaskImage mask = MaskImage.fromRgb(init);
    ResolvedJob job = job("inpaint", new ObjectRef("in", "a.png"), new ObjectRef("in", "m.png"));

    onContext(context, () -> stage.apply(job, new InputImages(init, mask)));

    await().until(() -> lastJob.get() != null);
    assertThat(lastJob.get().id()).isEqualTo("inpaint");
    assertThat(lastJob.get().model()).isEqualTo(MODEL);
    assertThat(lastJob.get().request().initImage()).isEqualTo(init);
    assertThat(lastJob.get().request().mask()).isEqualTo(mask);
  }

  @Test
  void theEnginesImagesArriveOnThePipelinesContext() {
    AtomicReference<Context> arrivedOn = new AtomicReference<>();
    Future<JobImages> result = onContext(context, () -> stage.apply(textJob("t2i"), new InputImages(null, null))
        .onComplete(done -> arrivedOn.set(Vertx.currentContext())));
    await().until(() -> submitted.containsKey("t2i"));

    JobImages images = new JobImages(lastJob.get(), List.of(RgbImage.black(SIZE, SIZE)), 1, 2, 3);
    CompletableFuture.runAsync(() -> submitted.get("t2i").complete(images)); // the engine's own thread

    assertThat(await(result)).isSameAs(images);
    assertThat(arrivedOn.get()).isSameAs(context);
  }

  @Test
  void theEnginesOutcomeFailsTheStageAsIs() {
    Future<JobImages> result = onContext(context, () -> stage.apply(textJob("canceled"), new InputImages(null, null)));
    await().until(() -> submitted.containsKey("canceled"));
    JobOutcomeException canceled = JobOutcomeException.canceled("canceled by request");

    submitted.get("canceled").completeExceptionally(canceled);

    assertThat(failure(result)).isSameAs(canceled);
  }

  @Test
  void aStartedReportStillQueuedWhenTheOutcomeArrivesIsPublished() throws Exception {
    // Reports handled on a thread of their own, which the test holds busy, as a loaded machine might.
    Vertx other = Vertx.vertx();
    try {
      Context slowReports = other.getOrCreateContext();
      EngineEvents slowEvents = new EngineEvents(slowReports, events.publisher,
          new ProgressThrottle(Duration.ofSeconds(1), 100, System::nanoTime), JobObserver.NONE, "w1",
          Clock.systemUTC());
      EngineStage slowStage = new EngineStage(context, job -> {
        lastJob.set(job);
        return submitted.computeIfAbsent(job.id(), id -> new CompletableFuture<>());
      }, slowEvents);
      Future<JobImages> result = onContext(context, () -> slowStage.apply(textJob("quick"),
          new InputImages(null, null)));
      await().until(() -> submitted.containsKey("quick"));
      EngineJob inEngine = lastJob.get();
      CountDownLatch busy = new CountDownLatch(1);
      slowReports.runOnContext(v -> {
        try {
          busy.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });

      slowEvents.started(inEngine);
      submitted.get("quick").complete(new JobImages(inEngine, List.of(), 0, 0, 0));
      await(result);
      busy.countDown();

      await().until(() -> events.kinds("quick").equals(List.of("started")));
    } finally {
      other.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theEnginesReportsOnAJobArePublishedOnlyWhileItIsInTheEngine() {
    Future<JobImages> result = onContext(context, () -> stage.apply(textJob("watched"), new InputImages(null, null)));
    await().until(() -> submitted.containsKey("watched"));
    EngineJob inEngine = lastJob.get();

    engineEvents.started(inEngine);
    await().until(() -> events.kinds("watched").equals(List.of("started")));
    submitted.get("watched").complete(new JobImages(inEngine, List.of(), 0, 0, 0));
    await(result);
    engineEvents.started(inEngine);
    engineEvents.progress(inEngine, 2, 2);
    await(onContext(reports, Future::succeededFuture)); // the reports above have been handled

    assertThat(events.kinds("watched")).containsExactly("started");
  }
}
