package dev.latentq.worker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressThrottleTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final ProgressThrottle throttle = new ProgressThrottle(Duration.ofSeconds(1), 100, now::get);

  @Test
  void firstAndLastStepsAlwaysGoOutEvenWithoutTimePassing() {
    List<Integer> published = new ArrayList<>();
    for (int step = 1; step <= 30; step++) {
      if (throttle.shouldPublish("fox", step, 30)) {
        published.add(step);
      }
    }

    assertThat(published).containsExactly(1, 30);
  }

  @Test
  void stepsInsideTheIntervalAreDroppedAndTheNextAfterItGoesOut() {
    assertThat(throttle.shouldPublish("fox", 1, 30)).isTrue();
    now.addAndGet(Duration.ofMillis(400).toNanos());
    assertThat(throttle.shouldPublish("fox", 2, 30)).isFalse();
    now.addAndGet(Duration.ofMillis(599).toNanos());
    assertThat(throttle.shouldPublish("fox", 3, 30)).isFalse();
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(throttle.shouldPublish("fox", 4, 30)).isTrue();
    assertThat(throttle.shouldPublish("fox", 5, 30)).as("the interval restarts at the last publish").isFalse();
  }

  @Test
  void jobsAreThrottledIndependently() {
    throttle.shouldPublish("fox", 1, 30);
    now.addAndGet(Duration.ofMillis(700).toNanos());
    throttle.shouldPublish("owl", 1, 30);
    now.addAndGet(Duration.ofMillis(300).toNanos());

    assertThat(throttle.shouldPublish("fox", 2, 30)).isTrue();
    assertThat(throttle.shouldPublish("owl", 2, 30)).isFalse();
  }

  @Test
  void lastStepAndForgetDropTheJobsState() {
    throttle.shouldPublish("fox", 1, 30);
    throttle.shouldPublish("owl", 1, 30);
    assertThat(throttle.trackedJobs()).isEqualTo(2);

    throttle.shouldPublish("fox", 30, 30);
    throttle.forget("owl");

    assertThat(throttle.trackedJobs()).isZero();
  }

  @Test
  void forgottenJobPublishesItsNextStepImmediately() {
    throttle.shouldPublish("fox", 1, 30);
    throttle.forget("fox");

    assertThat(throttle.shouldPublish("fox", 2, 30)).isTrue();
  }

  @Test
  void memoryIsBoundedByCapacityEvictingTheLeastRecentlyPublishedJob() {
    ProgressThrottle small = new ProgressThrottle(Duration.ofSeconds(1), 2, now::get);
    small.shouldPublish("a", 1, 30);
    small.shouldPublish("b", 1, 30);
    small.shouldPublish("c", 1, 30);

    assertThat(small.trackedJobs()).isEqualTo(2);
    assertThat(small.shouldPublish("a", 2, 30)).as("evicted, so treated as new").isTrue();
    assertThat(small.shouldPublish("c", 2, 30)).isFalse();
  }

  @Test
  void zeroIntervalPublishesEveryStep() {
    ProgressThrottle unthrottled = new ProgressThrottle(Duration.ZERO, 10, now::get);

    assertThat(List.of(1, 2, 3, 4)).allSatisfy(step -> assertThat(unthrottled.shouldPublish("fox", step, 5)).isTrue());
  }

  @Test
  void rejectsANegativeIntervalNamingTheFix() {
    assertThatThrownBy(() -> new ProgressThrottle(Duration.ofMillis(-1), 10, now::get))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use 0 to send every step");
  }
}
