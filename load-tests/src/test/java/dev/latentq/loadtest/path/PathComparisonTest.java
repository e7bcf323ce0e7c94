package dev.latentq.loadtest.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathComparisonTest {

  @Test
  void eachPairComparesTheMediansOfItsBurstsAndTheSummaryTakesTheMedianPair() {
    PathComparison comparison = new PathComparison();
    // Engine alone 1, 2 and 4 images/s (median 2); whole path 1.5 images/s: 75 %.
    comparison.add(new PathComparison.Pair(List.of(burst(1000), burst(500), burst(250)),
        List.of(burst(1000 / 1.5))));
    // A faster phase of the machine: both sides doubled, 90 %.
    comparison.add(new PathComparison.Pair(List.of(burst(250)), List.of(burst(250 / 0.9))));
    comparison.add(new PathComparison.Pair(List.of(burst(250)), List.of(burst(250))));

    assertThat(comparison.pairs().getFirst().ratio(BurstTimes::wholeBurstRate)).isCloseTo(0.75, within(1e-9));
    assertThat(comparison.medianRatio(BurstTimes::wholeBurstRate)).isCloseTo(0.9, within(1e-9));
    assertThat(comparison.markdown()).contains("median 90.0 % of 3 pairs (range 75.0-100.0 %)");
  }

  @Test
  void theCpuRatioIsTheEngineAlonesCpuPerImageOverTheWorkers() {
    PathComparison.Pair pair = new PathComparison.Pair(List.of(new BurstTimes(2, new double[] {1, 2}, 400)),
        List.of(new BurstTimes(2, new double[] {1, 2}, 500)));

    assertThat(pair.engineCpuMsPerImage()).isEqualTo(200.0);
    assertThat(pair.cpuRatio()).isCloseTo(0.8, within(1e-9));
  }

  /** Four images, one every {@code msPerImage}. */
  private static BurstTimes burst(double msPerImage) {
    return new BurstTimes(4, new double[] {msPerImage, 2 * msPerImage, 3 * msPerImage, 4 * msPerImage}, 0);
  }
}
