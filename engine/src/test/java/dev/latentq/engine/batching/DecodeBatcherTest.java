package dev.latentq.engine.batching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.pipeline.GenerationRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodeBatcherTest {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private final DecodeBatcher batcher = new DecodeBatcher(4, Duration.ofSeconds(1));

  private static ActiveJob finished(String id, int priority) {
    ActiveJob job = new ActiveJob(EngineJob.of(id, "m", GenerationRequest.builder("p").build()).withPriority(priority));
    job.samples.add(null);
    return job;
  }

  @Test
  void finishedImagesWaitForAFullCallWhileJobsQueue() {
    ActiveJob a = finished("a", 0);
    batcher.add(List.of(a), T0);

    assertThat(batcher.due(true, 0, T0.plusMillis(500))).isEmpty();
    ActiveJob b = finished("b", 0);
    ActiveJob c = finished("c", 0);
    ActiveJob d = finished("d", 0);
    batcher.add(List.of(b, c, d), T0.plusMillis(600));
    assertThat(batcher.due(true, 0, T0.plusMillis(600))).containsExactly(a, b, c, d);
  }

  @Test
  void theWaitEndsAfterTheDelay() {
    ActiveJob a = finished("a", 0);
    batcher.add(List.of(a), T0);

    assertThat(batcher.due(true, 0, T0.plusSeconds(1))).containsExactly(a);
  }

  @Test
  void nothingWaitsWhenNoJobQueuesOrTheBatchIsEmpty() {
    ActiveJob a = finished("a", 0);
    batcher.add(List.of(a), T0);
    assertThat(batcher.due(true, null, T0)).containsExactly(a);

    ActiveJob b = finished("b", 0);
    batcher.add(List.of(b), T0);
    assertThat(batcher.due(false, 0, T0)).containsExactly(b);
  }

  @Test
  void aJobOutrankingEveryQueuedJobDoesNotWaitForThem() {
    ActiveJob low = finished("low", 0);
    batcher.add(List.of(low), T0);
    ActiveJob high = finished("high", 3);
    batcher.add(List.of(high), T0);

    assertThat(batcher.due(true, 0, T0)).containsExactly(low, high);
  }

  @Test
  void withoutADelayEveryStepsImagesGoAtOnce() {
    DecodeBatcher immediate = new DecodeBatcher(4, Duration.ZERO);
    ActiveJob a = finished("a", 0);
    immediate.add(List.of(a), T0);

    assertThat(immediate.due(true, 0, T0)).containsExactly(a);
  }

  @Test
  void withPriorityProtectedLowerImagesWaitWhileAnOutrankingJobDenoises() {
    DecodeBatcher protecting = new DecodeBatcher(4, Duration.ofSeconds(1), true);
    ActiveJob low = finished("low", 0);
    protecting.add(List.of(low), T0);

    assertThat(protecting.due(true, null, 1, T0.plusMillis(500))).isEmpty();
    assertThat(protecting.due(true, null, 1, T0.plusSeconds(1))).as("within the delay only").containsExactly(low);
  }

  @Test
  void withPriorityProtectedAnOutrankingFinishedJobIsDecodedApart() {
    DecodeBatcher protecting = new DecodeBatcher(4, Duration.ofSeconds(1), true);
    ActiveJob low = finished("low", 0);
    ActiveJob high = finished("high", 1);
    protecting.add(List.of(low, high), T0);

    assertThat(protecting.due(true, 0, null, T0)).containsExactly(high);
    assertThat(protecting.due(true, 0, null, T0.plusMillis(10))).as("the low one still waits for a full call")
        .isEmpty();
    assertThat(protecting.due(false, 0, null, T0.plusMillis(10))).containsExactly(low);
  }
}
