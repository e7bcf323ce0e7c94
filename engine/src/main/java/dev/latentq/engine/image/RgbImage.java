package dev.latentq.engine.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * An 8-bit RGB image: {@code width * height} pixels, row-major, 3 interleaved bytes (R, G, B) per pixel.
 *
 * <p>The pixel array is shared, not copied, so that multi-megabyte images move between stages without copies;
 * whoever builds an image hands over ownership of the array and must not modify it afterwards.
 *
 * @param width pixels per row, at least 1
 * @param height rows, at least 1
 * @param rgb the pixels, exactly {@code width * height * 3} bytes
 */
public record RgbImage(int width, int height, byte[] rgb) {

  /** Validates the dimensions against the pixel array. */
  public RgbImage {
    Objects.requireNonNull(rgb, "rgb");
    int expected = byteCount(width, height);
    if (rgb.length != expected) {
      throw new IllegalArgumentException("Pixel array of a " + width + "x" + height + " RGB image must hold "
          + expected + " bytes, got " + rgb.length);
    }
  }

  /** Returns a black image of the given size. */
  public static RgbImage black(int width, int height) {
    return new RgbImage(width, height, new byte[byteCount(width, height)]);
  }

  /** Bytes of a {@code width x height} RGB image; rejects sizes that are empty or do not fit one array. */
  public static int byteCount(int width, int height) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("Image size " + width + "x" + height + " is invalid: both must be >= 1");
    }
    long count = 3L * width * height;
    if (count > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("Image size " + width + "x" + height
          + " is too large: at most about 715 megapixels fit one byte array");
    }
    return (int) count;
  }

  /** Channel {@code c} (0 = R, 1 = G, 2 = B) of pixel (x, y) as 0..255. */
  public int sample(int x, int y, int c) {
    return rgb[(y * width + x) * 3 + c] & 0xFF;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage other
        && width == other.width && height == other.height && Arrays.equals(rgb, other.rgb);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}
