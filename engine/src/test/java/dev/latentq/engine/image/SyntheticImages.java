package dev.latentq.engine.image;

import java.util.SplittableRandom;

/**
 * Deterministic test images that resemble Stable Diffusion output: smooth gradients (sky, skin, bokeh), a band of
 * fine texture (foliage, fabric), soft-edged shapes, and a little per-pixel grain everywhere.
 */
final class SyntheticImages {

  private SyntheticImages() {
  }

  static RgbImage diffusionLike(int width, int height, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] rgb = new byte[RgbImage.byteCount(width, height)];
    double[][] blobs = new double[6][];
    for (int i = 0; i < blobs.length; i++) {
      blobs[i] = new double[] {random.nextDouble() * width, random.nextDouble() * height,
          (0.05 + 0.15 * random.nextDouble()) * Math.min(width, height),
          random.nextDouble() * 255, random.nextDouble() * 255, random.nextDouble() * 255};
    }
    for (int y = 0; y < height; y++) {
      double v = (double) y / height;
      for (int x = 0; x < width; x++) {
        double u = (double) x / width;
        // Sky-like gradient with slow colour drift.
        double r = 70 + 120 * v + 25 * Math.sin(3.1 * u + 1.3);
        double g = 110 + 70 * v + 20 * Math.sin(2.3 * v + 4.1 * u);
        double b = 200 - 90 * v + 15 * Math.cos(5.0 * u);
        if (v > 0.55) {
          // Lower part: detailed texture whose frequency varies across the image.
          double t = Math.sin(x * (0.35 + 0.3 * u)) * Math.cos(y * (0.27 + 0.2 * v))
              + 0.5 * Math.sin((x + 2 * y) * 0.9);
          r = 60 + 40 * t + 30 * u;
          g = 90 + 45 * t;
          b = 40 + 25 * t + 20 * v;
        }
        for (double[] blob : blobs) {
          double dx = x - blob[0];
          double dy = y - blob[1];
          double d = Math.sqrt(dx * dx + dy * dy) / blob[2];
          if (d < 1.1) {
            double w = d < 0.9 ? 1 : (1.1 - d) / 0.2;
            double shade = 0.75 + 0.25 * (1 - d * d);
            r = r * (1 - w) + w * blob[3] * shade;
            g = g * (1 - w) + w * blob[4] * shade;
            b = b * (1 - w) + w * blob[5] * shade;
          }
        }
        int o = (y * width + x) * 3;
        rgb[o] = clamp(r + grain(random));
        rgb[o + 1] = clamp(g + grain(random));
        rgb[o + 2] = clamp(b + grain(random));
      }
    }
    return new RgbImage(width, height, rgb);
  }

  static RgbImage noise(int width, int height, long seed) {
    byte[] rgb = new byte[RgbImage.byteCount(width, height)];
    new SplittableRandom(seed).nextBytes(rgb);
    return new RgbImage(width, height, rgb);
  }

  private static double grain(SplittableRandom random) {
    // Triangular noise of +-3 levels, a cheap stand-in for the VAE's fine grain.
    return (random.nextDouble() + random.nextDouble() - 1) * 3;
  }

  private static byte clamp(double value) {
    return (byte) Math.max(0, Math.min(255, (int) Math.round(value)));
  }
}
