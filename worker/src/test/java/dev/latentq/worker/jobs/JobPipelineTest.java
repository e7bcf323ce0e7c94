package dev.latentq.worker.jobs;

import static dev.latentq.worker.jobs.StageFixtures.BUCKET;
import static dev.latentq.worker.jobs.StageFixtures.MODEL;
import static dev.latentq.worker.jobs.StageFixtures.await;
import static dev.latentq.worker.jobs.StageFixtures.onContext;
import static dev.latentq.worker.jobs.StageFixtures.textJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.batching.BatchEngine;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.engine.simulation.SimulatedModel;
import dev.latentq.worker.events.ProgressThrottle;
import dev.latentq.worker.storage.MemoryImageStore;
import dev.latentq.worker.storage.PngWriter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stages composed, on a simulated model with free calls and an in-memory store. */
class JobPipelineTest {
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final RecordedEvents events = new RecordedEvents(vertx, true);
  private final RecordingObserver observer = new RecordingObserver();
  private final MemoryImageStore store = new MemoryImageStore();
  private final PngWriter png = new PngWriter(vertx, 1);
  private BatchEngine engine;
  private JobPipeline pipeline;

  @BeforeEach
  void start() {
    EngineEvents engineEvents = new EngineEvents(vertx.getOrCreateContext(), events.publisher,
        new ProgressThrottle(Duration.ofSeconds(1), 100, System::nanoTime), observer, "w1", Clock.systemUTC());
    engine = new BatchEngine(Map.of(MODEL, SimulatedModel.create(MODEL, CostModel.nearlyFree())), 4, engineEvents,
        Clock.systemUTC());
    engine.start();
    pipeline = new JobPipeline(new JobPipeline.Parts(vertx, context, engine, store, png, events.publisher,
        engineEvents, observer, "w1", "test", Clock.systemUTC(),
        4096 * 4096));
  }

  @AfterEach
  void stop() throws Exception {
    engine.close();
    png.close();
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void aJobGoesThroughEveryStageToItsSucceededEvent() {
    ResolvedJob job = textJob("whole");

    Disposition disposition = await(onContext(context, () -> pipeline.run(job)));

    assertThat(disposition).isEqualTo(Disposition.FINISHED);
    assertThat(events.kinds("whole")).startsWith("accepted").contains("started").endsWith("succeeded");
    assertThat(store.object(BUCKET, job.key(0)).metadata()).containsEntry(JobFingerprint.METADATA_KEY,
        job.fingerprint());
    assertThat(observer.calls).contains("succeeded " + MODEL).contains("stepped " + MODEL);
  }

  @Test
  void aFailingStageSkipsTheRestAndSettlesTheJob() {
    ResolvedJob job = textJob("taken");
    store.add(BUCKET, job.key(0), new byte[] {1}, Map.of(JobFingerprint.METADATA_KEY, "another job"));

    Disposition disposition = await(onContext(context, () -> pipeline.run(job)));

    assertThat(disposition).isEqualTo(Disposition.FINISHED);
    assertThat(events.kinds("taken")).containsExactly("accepted", "failed");
    assertThat(events.data("taken", "failed").get("code").asText()).isEqualTo("id_conflict");
    assertThat(store.object(BUCKET, job.key(0)).data()).containsExactly(1);
    assertThat(observer.calls).containsExactly("failed " + MODEL + " id_conflict");
  }
}
