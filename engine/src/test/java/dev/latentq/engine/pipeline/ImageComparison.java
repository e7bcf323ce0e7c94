package dev.latentq.engine.pipeline;

import dev.latentq.engine.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Pixel differences between a generated image and a reference, in 0–255 units per channel value: the
 * fixtures' tolerance is a mean ≤ 0.5 and at least 99.5% of values within 2.
 */
record ImageComparison(double meanAbsDiff, double fractionWithin2, int maxDiff) {
  static ImageComparison of(RgbImage actual, Path expectedPng) throws IOException {
    BufferedImage expected = ImageIO.read(expectedPng.toFile());
    if (expected.getWidth() != actual.width() || expected.getHeight() != actual.height()) {
      throw new AssertionError("size " + actual.width() + "x" + actual.height() + " != expected "
          + expected.getWidth() + "x" + expected.getHeight() + " of " + expectedPng);
    }
    byte[] rgb = actual.rgb();
    long sum = 0;
    long within = 0;
    int max = 0;
    int values = 0;
    for (int y = 0; y < actual.height(); y++) {
      for (int x = 0; x < actual.width(); x++) {
        int ref = expected.getRGB(x, y);
        int base = (y * actual.width() + x) * 3;
        int[] want = {(ref >> 16) & 0xff, (ref >> 8) & 0xff, ref & 0xff};
        for (int c = 0; c < 3; c++) {
          int diff = Math.abs((rgb[base + c] & 0xff) - want[c]);
          sum += diff;
          within += diff <= 2 ? 1 : 0;
          max = Math.max(max, diff);
          values++;
        }
      }
    }
    return new ImageComparison((double) sum / values, (double) within / values, max);
  }

  boolean withinFixtureTolerance() {
    return meanAbsDiff <= 0.5 && fractionWithin2 >= 0.995;
  }
}
