package dev.latentq.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

  @Test
  void readsUnitsCombinationsAndIso() {
    assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationText.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationText.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationText.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(DurationText.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationText.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(DurationText.parse("PT45S")).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void rejectsTextWithoutUnitNamingTheAcceptedForms() {
    assertThatThrownBy(() -> DurationText.parse("30"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'30' is not a duration")
        .hasMessageContaining("1m30s");
  }

  @Test
  void formatsShortHumanForms() {
    assertThat(DurationText.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(DurationText.format(Duration.ofSeconds(3600))).isEqualTo("1h");
  }
}
