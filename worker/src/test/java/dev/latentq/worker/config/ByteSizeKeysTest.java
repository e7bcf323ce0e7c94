package dev.latentq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeKeysTest {
  @Test
  void byteSizesTakeBinaryAndDecimalUnits() {
    ValueParsers.ValueParser<Long> bytes = ValueParsers.byteSize();

    assertThat(bytes.parse("0", null)).isZero();
    assertThat(bytes.parse("1234", null)).isEqualTo(1234);
    assertThat(bytes.parse("6GiB", null)).isEqualTo(6L << 30);
    assertThat(bytes.parse("512 MiB", null)).isEqualTo(512L << 20);
    assertThat(bytes.parse("1.5GiB", null)).isEqualTo(3L << 29);
    assertThat(bytes.parse("2GB", null)).isEqualTo(2_000_000_000L);
  }

  @Test
  void otherTextIsRefusedNamingTheForm() {
    assertThatThrownBy(() -> ValueParsers.byteSize().parse("-1GiB", null)).hasMessageContaining("a byte size such as 512MiB, 6GiB");
    assertThatThrownBy(() -> ValueParsers.byteSize().parse("6 parsecs", null)).hasMessageContaining("a byte size such as 512MiB, 6GiB");
  }
}
