package dev.latentq.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class BufferedImagesTest {

  @Test
  void replicatesGreySamplesWithoutGammaConversion() {
    RgbImage image = BufferedImages.toRgbImage(TestImageFiles.grey(0, 100, 255));

    assertThat(image.rgb()).containsExactly(0, 0, 0, 100, 100, 100, (byte) 255, (byte) 255, (byte) 255);
  }

  @Test
  void dropsAlphaKeepingTheStoredColour() {
    BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x000A141E); // fully transparent, colour (10, 20, 30)
    argb.setRGB(1, 0, 0x80FF8000);

    RgbImage image = BufferedImages.toRgbImage(argb);

    assertThat(image.rgb()).containsExactly(10, 20, 30, (byte) 255, (byte) 128, 0);
  }

  @Test
  void looksUpPaletteIndices() {
    BufferedImage paletted = TestImageFiles.paletted(new int[] {0xFF000000, 0xFF123456, 0x00ABCDEF}, 1, 2, 0);

    RgbImage image = BufferedImages.toRgbImage(paletted);

    assertThat(image.rgb()).containsExactly(0x12, 0x34, 0x56, (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 0, 0, 0);
  }

  @Test
  void keepsTheHighByteOfSixteenBitSamples() {
    RgbImage image = BufferedImages.toRgbImage(TestImageFiles.rgb16(new int[][] {{0xFFFF, 0x12FF, 0x0001}}));

    assertThat(image.rgb()).containsExactly((byte) 0xFF, 0x12, 0);
  }

  @Test
  void scalesNarrowPackedChannelsToFullRange() {
    BufferedImage packed = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_565_RGB);
    packed.getRaster().setPixel(0, 0, new int[] {31, 32, 0});

    RgbImage image = BufferedImages.toRgbImage(packed);

    assertThat(image.rgb()).containsExactly((byte) 255, (byte) 129, 0);
  }

  @Test
  void readsSubImagesOfBgrImagesCorrectly() {
    BufferedImage bgr = BufferedImages.toBufferedImage(SyntheticImages.noise(6, 4, 2));

    RgbImage part = BufferedImages.toRgbImage(bgr.getSubimage(1, 1, 3, 2));

    RgbImage whole = SyntheticImages.noise(6, 4, 2);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        for (int c = 0; c < 3; c++) {
          assertThat(part.sample(x, y, c)).isEqualTo(whole.sample(x + 1, y + 1, c));
        }
      }
    }
  }

  @Test
  void convertsToBgrAndBackLosslessly() {
    RgbImage image = SyntheticImages.noise(9, 7, 4);

    BufferedImage buffered = BufferedImages.toBufferedImage(image);

    assertThat(buffered.getRGB(2, 3) & 0xFFFFFF)
        .isEqualTo(image.sample(2, 3, 0) << 16 | image.sample(2, 3, 1) << 8 | image.sample(2, 3, 2));
    assertThat(BufferedImages.toRgbImage(buffered)).isEqualTo(image);
  }
}
