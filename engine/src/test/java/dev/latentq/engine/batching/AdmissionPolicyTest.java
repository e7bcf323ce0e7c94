package dev.latentq.engine.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.engine.batching.AdmissionPolicy.Decision;
import dev.latentq.engine.batching.AdmissionPolicy.LaneView;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AdmissionPolicyTest {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private final AdmissionPolicy request = AdmissionPolicy.named("request", Duration.ofMillis(100));

  @Test
  void stepAdmitsAtEveryStepBoundaryEvenWhileABatchRuns() {
    Decision d = AdmissionPolicy.named("step", Duration.ZERO).decide(() -> new LaneView(true, 2, 16, T0), T0);

    assertThat(d.admit()).isTrue();
  }

  @Test
  void requestHoldsArrivalsWhileABatchRuns() {
    Decision d = request.decide(() -> new LaneView(true, 16, 16, T0), T0.plusSeconds(10));

    assertThat(d).isEqualTo(new Decision(false, null));
  }

  @Test
  void requestWaitsForMoreJobsUntilTheOldestHasWaitedTheQueueDelay() {
    Decision early = request.decide(() -> new LaneView(false, 2, 16, T0), T0.plusMillis(40));
    Decision due = request.decide(() -> new LaneView(false, 2, 16, T0), T0.plusMillis(100));

    assertThat(early).isEqualTo(new Decision(false, T0.plusMillis(100)));
    assertThat(due.admit()).isTrue();
  }

  @Test
  void requestStartsAFullBatchWithoutWaiting() {
    Decision d = request.decide(() -> new LaneView(false, 16, 16, T0), T0);

    assertThat(d.admit()).isTrue();
  }

  @Test
  void unknownPolicyNamesTheChoices() {
    assertThatThrownBy(() -> AdmissionPolicy.named("triton", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'step'").hasMessageContaining("'request'");
  }
}
