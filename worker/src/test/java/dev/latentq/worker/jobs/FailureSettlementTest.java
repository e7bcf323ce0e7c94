package dev.latentq.worker.jobs;

import static dev.latentq.worker.jobs.StageFixtures.MODEL;
import static dev.latentq.worker.jobs.StageFixtures.await;
import static dev.latentq.worker.jobs.StageFixtures.textJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.batching.JobOutcomeException;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.job.Job;
import dev.latentq.worker.storage.StorageFailures;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FailureSettlementTest {
  private final Vertx vertx = Vertx.vertx();
  private final RecordedEvents events = new RecordedEvents(vertx, true);
  private final RecordingObserver observer = new RecordingObserver();
  private final FailureSettlement settlement = new FailureSettlement(new PublishStage(events.publisher,
      new JobEvents("w1", Clock.systemUTC()), observer), FailurePolicy.DEFAULT);
  private final Job job = textJob("j").job();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void anAbandonedJobPublishesNothingAndIsLeftForRedelivery() {
    Disposition disposition = await(settlement.settle(job, JobOutcomeException.abandoned("shutting down")));

    assertThat(disposition).isEqualTo(Disposition.ABANDONED);
    assertThat(events.kinds("j")).isEmpty();
    assertThat(observer.calls).isEmpty();
  }

  @Test
  void aCanceledJobPublishesItsCancellationAndFinishes() {
    Disposition disposition = await(settlement.settle(job, JobOutcomeException.canceled("canceled by request")));

    assertThat(disposition).isEqualTo(Disposition.FINISHED);
    assertThat(events.kinds("j")).containsExactly("canceled");
    assertThat(observer.calls).containsExactly("canceled " + MODEL);
  }

  @Test
  void anEngineFailurePublishesItsWireCodeAndFinishes() {
    Disposition disposition = await(settlement.settle(job, JobOutcomeException.failed(
        JobOutcomeException.Reason.DEADLINE_EXCEEDED, "the deadline passed while queued", null)));

    assertThat(disposition).isEqualTo(Disposition.FINISHED);
    assertThat(code()).isEqualTo("deadline_exceeded");
    assertThat(events.data("j", "failed").get("message").asText()).isEqualTo("the deadline passed while queued");
  }

  @Test
  void aWorkerFailurePublishesTheCodeItNames() {
    await(settlement.settle(job, new JobFailedException(FailureCode.INIT_IMAGE_UNAVAILABLE, "no init image", null)));

    assertThat(code()).isEqualTo("init_image_unavailable");
    assertThat(observer.calls).containsExactly("failed " + MODEL + " init_image_unavailable");
  }

  @Test
  void aStorageFailureIsStorageUnavailable() {
    await(settlement.settle(job, StorageFailures.unavailable("put", "images", "jobs/j/0.png")));

    assertThat(code()).isEqualTo("storage_unavailable");
    assertThat(events.data("j", "failed").get("message").asText()).startsWith("could not store the images: ");
  }

  @Test
  void anUnexpectedErrorIsAnInternalErrorThatNamesIt() {
    await(settlement.settle(job, new IllegalStateException("a bug")));

    assertThat(code()).isEqualTo("internal_error");
    assertThat(events.data("j", "failed").get("message").asText()).contains("a bug");
  }

  private String code() {
    assertThat(events.kinds("j")).isEqualTo(List.of("failed"));
    return events.data("j", "failed").get("code").asText();
  }
}
