package dev.latentq.loadtest.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CpuSetTest {

  @Test
  void countsTheCpusOfSinglesRangesAndLists() {
    assertThat(CpuSet.parse("0").count()).isEqualTo(1);
    assertThat(CpuSet.parse("0-3").count()).isEqualTo(4);
    assertThat(CpuSet.parse("0,2-3,3").count()).isEqualTo(3);
  }

  @Test
  void setsThatShareACpuOverlap() {
    assertThat(CpuSet.parse("0").disjointFrom(CpuSet.parse("1"))).isTrue();
    assertThat(CpuSet.parse("0-2").disjointFrom(CpuSet.parse("2,3"))).isFalse();
  }

  @Test
  void aMalformedListNamesTheExpectedForm() {
    assertThatThrownBy(() -> CpuSet.parse("first")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("e.g. 0, 0-3");
    assertThatThrownBy(() -> CpuSet.parse("3-1")).hasMessageContaining("write 1-3");
  }

  @Test
  void tasksetStartsACommandOnTheSet() {
    assertThat(CpuSet.parse("0-1").commandPrefix()).containsExactly("taskset", "-c", "0-1");
  }
}
