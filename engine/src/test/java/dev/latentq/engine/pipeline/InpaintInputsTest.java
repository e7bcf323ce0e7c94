package dev.latentq.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.image.MaskImage;
import org.junit.jupiter.api.Test;

class InpaintInputsTest {

  @Test
  void theLatentMaskTakesTheTopLeftPixelOfEachBlock() {
    byte[] grey = new byte[16 * 8];
    grey[8] = (byte) 255; // (8, 0): top-left pixel of latent (0, 1)
    grey[16 + 1] = (byte) 255; // (1, 1): inside latent (0, 0) but not its top-left pixel
    MaskImage mask = new MaskImage(16, 8, grey);

    InpaintInputs inputs = InpaintInputs.of(new float[3 * 16 * 8], mask, 8);

    assertThat(inputs.latentMask()).containsExactly(0f, 1f);
  }

  @Test
  void repaintedPixelsBecomeZeroInTheMaskedImage() {
    MaskImage mask = new MaskImage(2, 1, new byte[] {(byte) 127, (byte) 128});
    float[] pixels = {0.5f, 0.25f, 1f, 0.5f, -0.75f, 0.125f};

    InpaintInputs inputs = InpaintInputs.of(pixels, mask, 1);

    assertThat(inputs.maskedPixels()).containsExactly(0.5f, 0f, 1f, 0f, -0.75f, 0f);
  }
}
