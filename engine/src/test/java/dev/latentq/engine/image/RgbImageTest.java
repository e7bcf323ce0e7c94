package dev.latentq.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RgbImageTest {

  @Test
  void readsInterleavedSamplesRowMajor() {
    byte[] rgb = new byte[2 * 2 * 3];
    rgb[(1 * 2 + 0) * 3 + 2] = (byte) 200;

    RgbImage image = new RgbImage(2, 2, rgb);

    assertThat(image.sample(0, 1, 2)).isEqualTo(200);
    assertThat(image.sample(1, 0, 2)).isZero();
  }

  @Test
  void rejectsPixelArraysOfTheWrongLength() {
    assertThatThrownBy(() -> new RgbImage(2, 2, new byte[11]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must hold 12 bytes, got 11");
  }

  @Test
  void rejectsEmptyAndOversizedImages() {
    assertThatThrownBy(() -> RgbImage.black(0, 5)).hasMessageContaining("0x5 is invalid");
    assertThatThrownBy(() -> RgbImage.black(50_000, 50_000)).hasMessageContaining("too large");
  }

  @Test
  void comparesByContent() {
    assertThat(RgbImage.black(3, 2)).isEqualTo(RgbImage.black(3, 2)).hasSameHashCodeAs(RgbImage.black(3, 2));
    assertThat(RgbImage.black(3, 2)).isNotEqualTo(RgbImage.black(2, 3));
  }
}
