package dev.latentq.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The load generator's duration options read what the worker's configuration reads (one shared parser). */
class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @Test
  void readsUnitsCombinationsAndIso() {
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(converter.convert("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(converter.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(converter.convert("PT45S")).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void rejectsTextWithoutUnitNamingTheAcceptedForms() {
    assertThatThrownBy(() -> converter.convert("30"))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("'30' is not a duration")
        .hasMessageContaining("1m30s");
  }
}
