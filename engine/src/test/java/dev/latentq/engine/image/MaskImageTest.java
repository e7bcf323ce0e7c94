package dev.latentq.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskImageTest {

  @Test
  void colourBecomesGreyWithPilsLumaAndGreyStaysAsItIs() {
    RgbImage image = new RgbImage(4, 1, new byte[] {
        (byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255, (byte) 127, (byte) 127, (byte) 127});

    MaskImage mask = MaskImage.fromRgb(image);

    // PIL: (19595 R + 38470 G + 7471 B + 32768) >> 16
    assertThat(mask.grey()).containsExactly((byte) 76, (byte) 150, (byte) 29, (byte) 127);
  }

  @Test
  void valuesFrom128OnRepaint() {
    MaskImage mask = new MaskImage(3, 1, new byte[] {(byte) 127, (byte) 128, (byte) 255});

    assertThat(mask.repaints(0, 0)).isFalse();
    assertThat(mask.repaints(1, 0)).isTrue();
    assertThat(mask.repaints(2, 0)).isTrue();
  }
}
