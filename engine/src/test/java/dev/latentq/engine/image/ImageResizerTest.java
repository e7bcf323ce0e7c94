package dev.latentq.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageResizerTest {

  @Test
  void returnsTheSameImageWhenTheSizeAlreadyMatches() {
    RgbImage image = SyntheticImages.noise(8, 4, 1);

    assertThat(ImageResizer.resize(image, 8, 4)).isSameAs(image);
  }

  @Test
  void keepsUniformColourWhenScalingEitherWay() {
    RgbImage uniform = BufferedImages.toRgbImage(TestImageFiles.uniform(40, 20, 0xC86432));

    for (RgbImage resized : new RgbImage[] {ImageResizer.resize(uniform, 16, 16),
        ImageResizer.resize(uniform, 96, 72)}) {
      for (int i = 0; i < resized.rgb().length; i += 3) {
        assertThat(new int[] {resized.rgb()[i] & 0xFF, resized.rgb()[i + 1] & 0xFF, resized.rgb()[i + 2] & 0xFF})
            .containsExactly(200, 100, 50);
      }
    }
  }

  @Test
  void preservesAHorizontalGradientsDirection() {
    byte[] rgb = new byte[64 * 3];
    for (int x = 0; x < 64; x++) {
      rgb[3 * x] = rgb[3 * x + 1] = rgb[3 * x + 2] = (byte) (x * 4);
    }

    RgbImage resized = ImageResizer.resize(new RgbImage(64, 1, rgb), 16, 2);

    assertThat(resized.width()).isEqualTo(16);
    assertThat(resized.height()).isEqualTo(2);
    for (int x = 1; x < 16; x++) {
      assertThat(resized.sample(x, 1, 0)).isGreaterThan(resized.sample(x - 1, 1, 0));
    }
  }

  @Test
  void rejectsEmptyTargetSizes() {
    assertThatThrownBy(() -> ImageResizer.resize(RgbImage.black(2, 2), 0, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x4");
  }
}
