package dev.latentq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource({
      "500ms, 500", "30s, 30000", "2m, 120000", "1h, 3600000", "1d, 86400000", "1m30s, 90000",
      "1.5s, 1500", "0s, 0", "' 45s ', 45000", "10S, 10000", "PT30S, 30000", "pt1m, 60000", "PT0.25S, 250",
      "1h2m3s4ms, 3723004"})
  void parsesSimpleAndIsoForms(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void parsesNegativeDurationsSoThatKeysCanRejectThemByName() {
    assertThat(Durations.parse("-5s")).isEqualTo(Duration.ofSeconds(-5));
    assertThat(Durations.parse("-PT5S")).isEqualTo(Duration.ofSeconds(-5));
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "", "s", "5 s", "5sec", "1.s", "PT", "P1X", "1m 30s", "99999999999999d"})
  void rejectsAmbiguousOrMalformedText(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("must be a duration such as 500ms, 30s, 2m, 1h, 1m30s or PT30S");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "500ms", "1s", "1m30s", "2m", "1h", "1d2h", "1s1ms"})
  void formatsInTheFormItParses(String text) {
    assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
  }

  @Test
  void formatsSubMillisecondDurationsAsIso() {
    assertThat(Durations.format(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
    assertThat(Durations.parse(Durations.format(Duration.ofNanos(1500)))).isEqualTo(Duration.ofNanos(1500));
  }
}
