package dev.latentq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationKeysTest {

  @Test
  void durationKeysAcceptEveryForm() {
    assertThat(ValueParsers.duration(Duration.ZERO).parse("PT1M", null)).isEqualTo(Duration.ofMinutes(1));
    assertThatThrownBy(() -> ValueParsers.duration(Duration.ZERO).parse("-1s", null))
        .hasMessage("must not be negative");
    assertThatThrownBy(() -> ValueParsers.duration(Duration.ofMillis(1)).parse("0s", null))
        .hasMessage("must be at least 1ms");
  }
}
