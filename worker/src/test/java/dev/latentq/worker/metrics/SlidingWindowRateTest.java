package dev.latentq.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SlidingWindowRateTest {

  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final SlidingWindowRate rate = new SlidingWindowRate(Duration.ofSeconds(30), now::get);

  @Test
  void steadyInputGivesItsRateOnceTheWindowIsFull() {
    for (int second = 0; second < 60; second++) {
      rate.add(8);
      advance(Duration.ofSeconds(1));
    }

    assertThat(rate.perSecond()).isCloseTo(8.0, within(0.3));
  }

  @Test
  void whileTheWindowFillsTheRateIsTakenOverTheElapsedTime() {
    rate.add(20);
    advance(Duration.ofSeconds(10));

    assertThat(rate.perSecond()).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void aBurstRightAfterStartIsAveragedOverAtLeastOneBucket() {
    rate.add(4);

    assertThat(rate.perSecond()).isCloseTo(4.0, within(1e-9));
  }

  @Test
  void amountsOlderThanTheWindowNoLongerCount() {
    rate.add(100);
    advance(Duration.ofSeconds(45));
    rate.add(30);
    advance(Duration.ofMillis(500));

    assertThat(rate.perSecond()).isCloseTo(1.0, within(0.05));
  }

  @Test
  void idleForLongerThanTheWindowGivesZero() {
    rate.add(100);
    advance(Duration.ofMinutes(5));

    assertThat(rate.perSecond()).isZero();
  }

  private void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }
}
