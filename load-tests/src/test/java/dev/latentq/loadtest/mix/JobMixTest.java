package dev.latentq.loadtest.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JobMixTest {

  @Test
  void drawsClassesInProportionToTheirWeights() {
    JobMix mix = new JobMix(List.of(
        JobClass.builder("a").weight(70).build(),
        JobClass.builder("b").weight(20).build(),
        JobClass.builder("c").weight(10).build()));
    Random random = new Random(123);
    Map<String, Integer> counts = new HashMap<>();
    int draws = 100_000;

    for (int i = 0; i < draws; i++) {
      counts.merge(mix.sample(random).name(), 1, Integer::sum);
    }

    // The standard deviation of a share is at most 0.16% at 100,000 draws; 1% is over six of them.
    assertThat(counts.get("a") / (double) draws).isCloseTo(0.70, within(0.01));
    assertThat(counts.get("b") / (double) draws).isCloseTo(0.20, within(0.01));
    assertThat(counts.get("c") / (double) draws).isCloseTo(0.10, within(0.01));
  }

  @Test
  void weightsNeedNotSumToOne() {
    JobMix mix = new JobMix(List.of(JobClass.builder("x").weight(0.25).build(),
        JobClass.builder("y").weight(0.75).build()));
    Random random = new Random(5);
    int y = 0;
    for (int i = 0; i < 40_000; i++) {
      y += mix.sample(random).name().equals("y") ? 1 : 0;
    }

    assertThat(y / 40_000.0).isCloseTo(0.75, within(0.01));
  }

  @Test
  void aSingleClassIsAlwaysDrawn() {
    JobMix mix = new JobMix(List.of(JobClass.builder("only").weight(3).build()));

    assertThat(mix.sample(new Random(1)).name()).isEqualTo("only");
  }

  @Test
  void defaultMixTargetsTheShapesModelAt128() {
    JobMix mix = JobMix.defaultShapes();

    assertThat(mix.classes()).extracting(JobClass::name).containsExactly("interactive", "batch4", "draft");
    assertThat(mix.classes()).allSatisfy(c -> {
      assertThat(c.model()).isEqualTo("shapes-sd");
      assertThat(c.width()).isEqualTo(128);
      assertThat(c.height()).isEqualTo(128);
    });
    assertThat(mix.totalWeight()).isEqualTo(100);
  }

  @Test
  void duplicateClassNamesAreRejected() {
    assertThatThrownBy(() -> new JobMix(List.of(JobClass.builder("a").build(), JobClass.builder("a").build())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' is defined twice");
  }

  @Test
  void nonPositiveWeightsAreRejected() {
    assertThatThrownBy(() -> JobClass.builder("a").weight(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight 0.0");
  }
}
