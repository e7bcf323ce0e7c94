package dev.latentq.loadtest.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.latentq.loadtest.LedgerFixture;
import dev.latentq.protocol.FailureCode;
import org.junit.jupiter.api.Test;

class BurstTimesTest {

  @Test
  void wholeBurstRateCountsFromTheFirstSubmissionToTheLastCompletion() {
    BurstTimes times = BurstTimes.parse(4, "1000,2000,3000,4000", 0);

    assertThat(times.wholeBurstRate()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void steadyRateLeavesOutTheFirstAndLastQuarterOfTheCompletions() {
    // Waves of 2 images: a slow first wave (ramp-up) and a slow last one (tail) around two 1-second waves.
    BurstTimes times = BurstTimes.parse(8, "5000,5000,6000,6000,7000,7000,12000,12000", 0);

    // From the 2nd completion (5 s) to the 6th (7 s): 4 images in 2 s.
    assertThat(times.steadyRate()).isCloseTo(2.0, within(1e-9));
    assertThat(times.wholeBurstRate()).isCloseTo(8 / 12.0, within(1e-9));
  }

  @Test
  void completionOrderDoesNotMatter() {
    assertThat(BurstTimes.parse(4, "4000,1000,3000,2000", 0)).isEqualTo(BurstTimes.parse(4, "1000,2000,3000,4000", 0));
  }

  @Test
  void aBurstTooSmallForAMiddleFallsBackToTheWholeBurst() {
    BurstTimes times = BurstTimes.parse(2, "500,1000", 0);

    assertThat(times.steadyRate()).isEqualTo(times.wholeBurstRate());
  }

  @Test
  void aLoadRunIsTimedFromItsFirstSubmissionAndCountsSucceededJobsOnly() {
    LedgerFixture fixture = new LedgerFixture()
        .succeeded("a", "path", 1, 100, 1100)
        .succeeded("b", "path", 1, 150, 2100)
        .failed("c", "path", 160, 500, FailureCode.UNKNOWN_MODEL);

    BurstTimes times = BurstTimes.of(fixture.snapshot(), 300);

    assertThat(times.jobs()).isEqualTo(3);
    assertThat(times.completionsMs()).containsExactly(1000.0, 2000.0);
    assertThat(times.cpuMsPerImage()).isEqualTo(150.0);
  }
}
