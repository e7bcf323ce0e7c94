package dev.latentq.loadtest.arrival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArrivalPlanTest {

  @Test
  void constantRateSpacesSubmissionsEvenlyFromTheStart() {
    List<Long> offsets = drain(ArrivalPlan.constant(4, null, 5L).schedule(new Random(1)));

    assertThat(offsets).containsExactly(0L, 250_000_000L, 500_000_000L, 750_000_000L, 1_000_000_000L);
  }

  @Test
  void constantRateForADurationSubmitsRateTimesDurationJobs() {
    List<Long> offsets = drain(ArrivalPlan.constant(3, Duration.ofSeconds(10), null).schedule(new Random(1)));

    assertThat(offsets).hasSize(30);
    assertThat(offsets.getLast()).isLessThan(Duration.ofSeconds(10).toNanos());
  }

  @Test
  void constantRateDoesNotDriftOverLongRuns() {
    List<Long> offsets = drain(ArrivalPlan.constant(3, null, 30_001L).schedule(new Random(1)));

    assertThat(offsets.getLast()).isEqualTo(Duration.ofSeconds(10_000).toNanos());
  }

  @Test
  void durationOrCountWhicheverComesFirstEndsTheSchedule() {
    assertThat(drain(ArrivalPlan.constant(10, Duration.ofSeconds(1), 100L).schedule(new Random(1)))).hasSize(10);
    assertThat(drain(ArrivalPlan.constant(10, Duration.ofSeconds(100), 7L).schedule(new Random(1)))).hasSize(7);
  }

  @Test
  void poissonGapsHaveMeanAndSpreadOfTheExponentialDistribution() {
    double rate = 5;
    List<Long> offsets = drain(ArrivalPlan.poisson(rate, null, 50_000L).schedule(new Random(42)));

    assertThat(offsets).hasSize(50_000).isSorted();
    double[] gaps = new double[offsets.size() - 1];
    for (int i = 1; i < offsets.size(); i++) {
      gaps[i - 1] = (offsets.get(i) - offsets.get(i - 1)) / 1e9;
    }
    double mean = Arrays.stream(gaps).average().orElseThrow();
    double variance = Arrays.stream(gaps).map(g -> (g - mean) * (g - mean)).sum() / gaps.length;
    assertThat(mean).as("mean gap = 1/rate").isCloseTo(1 / rate, within(0.01 * (1 / rate) * 2));
    assertThat(Math.sqrt(variance) / mean).as("exponential: standard deviation equals the mean")
        .isCloseTo(1.0, within(0.03));
  }

  @Test
  void poissonForADurationSubmitsAboutRateTimesDurationJobs() {
    List<Long> offsets = drain(ArrivalPlan.poisson(20, Duration.ofSeconds(1000), null).schedule(new Random(7)));

    // 20,000 expected; the Poisson count has a standard deviation of about 141.
    assertThat(offsets.size()).isBetween(20_000 - 600, 20_000 + 600);
    assertThat(offsets.getLast()).isLessThan(Duration.ofSeconds(1000).toNanos());
  }

  @Test
  void poissonWithTheSameSeedRepeatsTheSameTimes() {
    ArrivalPlan plan = ArrivalPlan.poisson(2, null, 100L);

    assertThat(drain(plan.schedule(new Random(9)))).isEqualTo(drain(plan.schedule(new Random(9))))
        .isNotEqualTo(drain(plan.schedule(new Random(10))));
  }

  @Test
  void burstPlansEveryJobAtTheStart() {
    assertThat(drain(ArrivalPlan.burst(4).schedule(new Random(1)))).containsExactly(0L, 0L, 0L, 0L);
    assertThat(ArrivalPlan.burst(4).offeredRate()).isEmpty();
  }

  @Test
  void aRateWithoutAnEndIsRejectedWithTheOptionsToFixIt() {
    assertThatThrownBy(() -> ArrivalPlan.poisson(2, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--duration").hasMessageContaining("--count");
  }

  @Test
  void aNonPositiveRateIsRejectedPointingToBurst() {
    assertThatThrownBy(() -> ArrivalPlan.constant(0, Duration.ofSeconds(1), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive finite rate").hasMessageContaining("--burst");
  }

  @Test
  void describesThePlanInOneLine() {
    assertThat(ArrivalPlan.poisson(2, Duration.ofSeconds(60), null).describe()).isEqualTo("poisson, 2 jobs/s, for 1m");
    assertThat(ArrivalPlan.constant(0.5, null, 10L).describe()).isEqualTo("constant, 0.5 jobs/s, 10 jobs");
    assertThat(ArrivalPlan.constant(1, Duration.ofSeconds(30), 10L).describe())
        .isEqualTo("constant, 1 jobs/s, for 30s or 10 jobs");
    assertThat(ArrivalPlan.burst(25).describe()).isEqualTo("burst of 25 jobs");
  }

  private static List<Long> drain(ArrivalSchedule schedule) {
    List<Long> offsets = new ArrayList<>();
    schedule.forEachRemaining((long offset) -> offsets.add(offset));
    return offsets;
  }
}
