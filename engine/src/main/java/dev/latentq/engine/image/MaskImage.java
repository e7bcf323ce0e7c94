package dev.latentq.engine.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * An inpainting mask: one 8-bit grey value per pixel, row-major; values of 128 and above mark pixels to repaint
 * (diffusers binarises {@code value / 255} at 0.5). Like {@link RgbImage}, the array is shared, not copied.
 *
 * @param width pixels per row, at least 1
 * @param height rows, at least 1
 * @param grey the values, exactly {@code width * height} bytes
 */
public record MaskImage(int width, int height, byte[] grey) {

  /** Grey values at or above this repaint. */
  public static final int REPAINT_THRESHOLD = 128;

  public MaskImage {
    Objects.requireNonNull(grey, "grey");
    int expected = RgbImage.byteCount(width, height) / 3;
    if (grey.length != expected) {
      throw new IllegalArgumentException("Grey array of a " + width + "x" + height + " mask must hold " + expected
          + " bytes, got " + grey.length);
    }
  }

  /**
   * The mask of a decoded image, converted as PIL's {@code convert("L")} does (what diffusers' mask processor
   * applies): ITU-R 601 luma {@code (19595 R + 38470 G + 7471 B + 32768) >> 16}, which leaves grey unchanged.
   */
  public static MaskImage fromRgb(RgbImage image) {
    byte[] rgb = image.rgb();
    byte[] grey = new byte[image.width() * image.height()];
    for (int i = 0, p = 0; i < grey.length; i++, p += 3) {
      int luma = (19595 * (rgb[p] & 0xFF) + 38470 * (rgb[p + 1] & 0xFF) + 7471 * (rgb[p + 2] & 0xFF) + 32768) >> 16;
      grey[i] = (byte) luma;
    }
    return new MaskImage(image.width(), image.height(), grey);
  }

  /** Whether pixel (x, y) is repainted. */
  public boolean repaints(int x, int y) {
    return (grey[y * width + x] & 0xFF) >= REPAINT_THRESHOLD;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MaskImage other
        && width == other.width && height == other.height && Arrays.equals(grey, other.grey);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(grey);
  }

  @Override
  public String toString() {
    return "MaskImage[" + width + "x" + height + "]";
  }
}
