package dev.latentq.worker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StoreHealthTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final StoreHealth health = new StoreHealth(now::get);

  @Test
  void failingSinceTheFirstFailureInARowUntilASuccess() {
    assertThat(health.failingFor()).isEmpty();

    health.failedTransiently();
    now.addAndGet(Duration.ofSeconds(20).toNanos());
    health.failedTransiently();
    now.addAndGet(Duration.ofSeconds(15).toNanos());

    assertThat(health.failingFor()).contains(Duration.ofSeconds(35));
    assertThat(health.failuresInARow()).isEqualTo(2);

    health.succeeded();
    assertThat(health.failingFor()).isEmpty();
    assertThat(health.failuresInARow()).isZero();
  }
}
