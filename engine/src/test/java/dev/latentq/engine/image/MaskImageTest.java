package dev.latentq.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
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

  @Test
  void greyPngMasksAreReadByteForByteAndRgbaMasksIgnoreAlpha() throws IOException {
    BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(0, 0, 0, 127);
    grey.getRaster().setSample(1, 0, 0, 200);
    BufferedImage rgba = new BufferedImage(2, 1, BufferedImage.TYPE_4BYTE_ABGR);
    rgba.getRaster().setPixel(0, 0, new int[] {255, 255, 255, 0});
    rgba.getRaster().setPixel(1, 0, new int[] {0, 0, 0, 255});

    MaskImage fromGrey = InitImageReader.decodeMask(png(grey), "grey.png");
    MaskImage fromRgba = InitImageReader.decodeMask(png(rgba), "rgba.png");

    assertThat(fromGrey.grey()).containsExactly((byte) 127, (byte) 200);
    assertThat(fromRgba.grey()).as("transparent white still repaints").containsExactly((byte) 255, (byte) 0);
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
