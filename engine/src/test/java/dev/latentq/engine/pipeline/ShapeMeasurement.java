package dev.latentq.engine.pipeline;

import dev.latentq.engine.image.RgbImage;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a shapes-sd image shows, measured from its pixels: the background colour (median of the border), the
 * shape's colour (median of the pixels clearly off the background), and the shape's outline as the largest
 * connected region of pixels nearer the shape colour than the background colour — its fill ratio within its
 * bounding box (circle π/4, square 1, triangle 1/2) and aspect ratio.
 */
record ShapeMeasurement(int[] background, int[] shape, int area, int boxX, int boxY, int boxWidth, int boxHeight) {
  /** Border band whose median is the background. */
  private static final int BORDER = 4;
  /** Euclidean RGB distance below which a pixel is background noise, whatever the image. */
  private static final double MIN_OFF = 30;

  static ShapeMeasurement of(RgbImage image) {
    int w = image.width();
    int h = image.height();
    int[] background = borderMedian(image);
    int[] shape = clearlyOffMedian(image, background);
    boolean[] nearerShape = new boolean[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        nearerShape[y * w + x] = distance(image, x, y, shape) < distance(image, x, y, background);
      }
    }
    return largestRegion(nearerShape, w, h, background, shape);
  }

  double fillRatio() {
    return (double) area / ((double) boxWidth * boxHeight);
  }

  double aspect() {
    return (double) boxWidth / boxHeight;
  }

  /** Centre of the shape's bounding box, in pixels. */
  double centreX() {
    return boxX + boxWidth / 2.0;
  }

  double centreY() {
    return boxY + boxHeight / 2.0;
  }

  private static int[] borderMedian(RgbImage image) {
    int w = image.width();
    int h = image.height();
    int[][] values = new int[3][w * h];
    int n = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (x < BORDER || y < BORDER || x >= w - BORDER || y >= h - BORDER) {
          for (int c = 0; c < 3; c++) {
            values[c][n] = image.sample(x, y, c);
          }
          n++;
        }
      }
    }
    return medians(values, n);
  }

  /**
   * Median colour of the pixels far from the background, searched in the central three quarters where shapes are
   * drawn. "Far" is relative — at least half the 99th-percentile distance — because some palette pairs (yellow and
   * orange) are only about 80 apart, and soft edges must not drag the median towards the background.
   */
  private static int[] clearlyOffMedian(RgbImage image, int[] background) {
    int w = image.width();
    int h = image.height();
    int from = w / 8;
    int side = w - 2 * from;
    double[] distances = new double[side * (h - 2 * (h / 8))];
    int n = 0;
    for (int y = h / 8; y < h - h / 8; y++) {
      for (int x = from; x < w - from; x++) {
        distances[n++] = distance(image, x, y, background);
      }
    }
    double[] sorted = Arrays.copyOf(distances, n);
    Arrays.sort(sorted);
    double threshold = Math.max(MIN_OFF, sorted[(int) (n * 0.99)] / 2);
    int[][] values = new int[3][n];
    int m = 0;
    for (int y = h / 8; y < h - h / 8; y++) {
      for (int x = from; x < w - from; x++) {
        if (distance(image, x, y, background) > threshold) {
          for (int c = 0; c < 3; c++) {
            values[c][m] = image.sample(x, y, c);
          }
          m++;
        }
      }
    }
    if (m == 0) {
      throw new AssertionError("no pixel differs clearly from the background " + Arrays.toString(background));
    }
    return medians(values, m);
  }

  private static int[] medians(int[][] values, int n) {
    int[] median = new int[3];
    for (int c = 0; c < 3; c++) {
      int[] sorted = Arrays.copyOf(values[c], n);
      Arrays.sort(sorted);
      median[c] = sorted[n / 2];
    }
    return median;
  }

  private static double distance(RgbImage image, int x, int y, int[] colour) {
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      double d = image.sample(x, y, c) - colour[c];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  /** The largest 4-connected region of the mask, so stray pixels do not stretch the bounding box. */
  private static ShapeMeasurement largestRegion(boolean[] mask, int w, int h, int[] background, int[] shape) {
    int[] label = new int[w * h];
    int best = 0;
    int[] bestBox = {0, 0, 0, 0};
    int next = 0;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int start = 0; start < mask.length; start++) {
      if (!mask[start] || label[start] != 0) {
        continue;
      }
      next++;
      int area = 0;
      int minX = w;
      int minY = h;
      int maxX = -1;
      int maxY = -1;
      label[start] = next;
      queue.add(start);
      while (!queue.isEmpty()) {
        int p = queue.poll();
        int x = p % w;
        int y = p / w;
        area++;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
        int[] neighbours = {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1};
        for (int q : neighbours) {
          if (q >= 0 && mask[q] && label[q] == 0) {
            label[q] = next;
            queue.add(q);
          }
        }
      }
      if (area > best) {
        best = area;
        bestBox = new int[] {minX, minY, maxX, maxY};
      }
    }
    return new ShapeMeasurement(background, shape, best, bestBox[0], bestBox[1], bestBox[2] - bestBox[0] + 1,
        bestBox[3] - bestBox[1] + 1);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "background %s, shape %s, %d px in %dx%d at (%d, %d) (fill %.3f, aspect %.2f)",
        Arrays.toString(background), Arrays.toString(shape), area, boxWidth, boxHeight, boxX, boxY, fillRatio(),
        aspect());
  }
}
