package dev.latentq.worker.jobs;

import static dev.latentq.worker.jobs.StageFixtures.BUCKET;
import static dev.latentq.worker.jobs.StageFixtures.MODEL;
import static dev.latentq.worker.jobs.StageFixtures.SIZE;
import static dev.latentq.worker.jobs.StageFixtures.await;
import static dev.latentq.worker.jobs.StageFixtures.failure;
import static dev.latentq.worker.jobs.StageFixtures.textJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.event.GeneratedImage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PublishStageTest {
  private final Vertx vertx = Vertx.vertx();
  private final RecordedEvents events = new RecordedEvents(vertx, false);
  private final RecordingObserver observer = new RecordingObserver();
  private final PublishStage stage = new PublishStage(events.publisher, new JobEvents("w1", Clock.systemUTC()),
      observer);

  @AfterEach
  void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void aStoredJobFinishesOnceItsSucceededEventIsAcknowledged() {
    ResolvedJob job = textJob("done");
    JobTimes times = new JobTimes(ms(1), ms(2), ms(3), ms(4), ms(10));

    Future<Disposition> disposition = stage.apply(job, stored(job, times));
    await().until(() -> events.kinds("done").equals(List.of("succeeded")));
    assertThat(disposition.isComplete()).as("waits for the acknowledgement").isFalse();
    events.producer.completeNext();

    assertThat(await(disposition)).isEqualTo(Disposition.FINISHED);
    JsonNode data = events.data("done", "succeeded");
    assertThat(data.at("/images/0/key").asText()).isEqualTo("jobs/done/0.png");
    assertThat(data.at("/timings/uploadMs").asLong()).isEqualTo(4);
    assertThat(data.at("/timings/totalMs").asLong()).isEqualTo(10);
    assertThat(observer.calls).containsExactly("succeeded " + MODEL);
    assertThat(observer.lastTimes).isEqualTo(times);
  }

  @Test
  void aSucceededEventTheBrokersRejectFailsTheStage() {
    ResolvedJob job = textJob("lost");

    Future<Disposition> disposition = stage.apply(job, stored(job, new JobTimes(0, 0, 0, 0, 0)));
    await().until(() -> !events.kinds("lost").isEmpty());
    events.producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("no broker"));

    assertThat(failure(disposition)).hasMessageContaining("no broker");
  }

  @Test
  void acceptedIsPublishedWithoutWaitingForItsAcknowledgement() {
    stage.accepted(textJob("new").job());

    await().until(() -> events.kinds("new").equals(List.of("accepted")));
    assertThat(observer.calls).isEmpty();
  }

  @Test
  void aFailureCarriesItsCodeAndTellsTheObserverEvenWithoutAModel() {
    Future<Void> published = stage.failed("broken", null, null, FailureCode.INVALID_JOB, "steps must be positive");
    await().until(() -> !events.kinds("broken").isEmpty());
    events.producer.completeNext();
    await(published);

    JsonNode data = events.data("broken", "failed");
    assertThat(data.get("code").asText()).isEqualTo("invalid_job");
    assertThat(data.get("message").asText()).isEqualTo("steps must be positive");
    assertThat(observer.calls).containsExactly("failed null invalid_job");
  }

  @Test
  void aCancellationIsPublishedAndObserved() {
    Future<Void> published = stage.canceled(textJob("stop").job(), "canceled by request");
    await().until(() -> !events.kinds("stop").isEmpty());
    events.producer.completeNext();
    await(published);

    assertThat(events.data("stop", "canceled").get("reason").asText()).isEqualTo("canceled by request");
    assertThat(observer.calls).containsExactly("canceled " + MODEL);
  }

  private static StoredImages stored(ResolvedJob job, JobTimes times) {
    return new StoredImages(job.request(), List.of(new GeneratedImage(0, BUCKET, job.key(0), 123, "ab".repeat(32), 7,
        SIZE, SIZE)), times);
  }

  private static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }
}
