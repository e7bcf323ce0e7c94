package dev.latentq.engine.pipeline;

import dev.latentq.engine.image.MaskImage;

/**
 * What diffusers' inpainting pipelines derive from the mask before encoding: the init image with the repainted
 * pixels set to 0 ({@code image * (mask < 0.5)}, mask binarised at 128), and the latent-resolution mask, taken
 * from the TOP-LEFT pixel of each {@code scale x scale} block (PyTorch's legacy {@code nearest} interpolation),
 * 1 where the latents are repainted.
 *
 * @param maskedPixels NCHW {@code [3, H, W]} values in [-1, 1], repainted pixels 0
 * @param latentMask {@code [h, w]} values 0 or 1
 */
record InpaintInputs(float[] maskedPixels, float[] latentMask) {

  static InpaintInputs of(float[] pixels, MaskImage mask, int scale) {
    int width = mask.width();
    int height = mask.height();
    int plane = width * height;
    if (pixels.length != 3 * plane) {
      throw new IllegalArgumentException("image of " + pixels.length / 3 + " pixels and a " + width + "x" + height
          + " mask differ in size");
    }
    float[] masked = new float[pixels.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        float keep = mask.repaints(x, y) ? 0f : 1f;
        int p = y * width + x;
        for (int c = 0; c < 3; c++) {
          masked[c * plane + p] = pixels[c * plane + p] * keep;
        }
      }
    }
    int h = height / scale;
    int w = width / scale;
    float[] latentMask = new float[h * w];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        latentMask[i * w + j] = mask.repaints(j * scale, i * scale) ? 1f : 0f;
      }
    }
    return new InpaintInputs(masked, latentMask);
  }
}
