package dev.latentq.engine.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.util.Arrays;

/**
 * Converts between {@link RgbImage} and Java2D {@link BufferedImage}.
 *
 * <p>Decoded files become RGB the way PIL's {@code convert("RGB")} does it, which is what diffusers and
 * AUTOMATIC1111 apply to init images: raw samples, no colour management, alpha dropped (not composited), grey
 * replicated to R, G and B, palette indices looked up, 16-bit samples cut to their high byte (as PIL reads 16-bit
 * RGB PNGs), narrower samples scaled to 0..255. Reading raster samples directly also avoids the gamma curve that
 * {@code BufferedImage.getRGB} applies to linear-grey images, which would turn grey 100 into 168.
 *
 * <p>Stateless and thread-safe.
 */
public final class BufferedImages {

  private BufferedImages() {
  }

  /** Copies an image into a new {@link BufferedImage#TYPE_3BYTE_BGR} image. */
  public static BufferedImage toBufferedImage(RgbImage image) {
    BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
    swapRedAndBlue(image.rgb(), ((DataBufferByte) out.getRaster().getDataBuffer()).getData());
    return out;
  }

  /**
   * Converts any decoded image to RGB (see the class comment for the rules).
   *
   * @throws IllegalArgumentException for layouts that are not grey, grey+alpha, RGB, RGBA or paletted
   *     (CMYK, for example)
   */
  public static RgbImage toRgbImage(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] rgb = new byte[RgbImage.byteCount(width, height)];
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && isPlainBgr(image.getRaster())) {
      swapRedAndBlue(((DataBufferByte) image.getRaster().getDataBuffer()).getData(), rgb);
    } else if (image.getColorModel() instanceof IndexColorModel palette) {
      copyPaletted(image.getRaster(), palette, rgb);
    } else {
      copySamples(image.getRaster(), image.getColorModel(), rgb);
    }
    return new RgbImage(width, height, rgb);
  }

  private static boolean isPlainBgr(Raster raster) {
    // Sub-images share a larger buffer; only a raster that owns its whole buffer can be copied flat.
    return raster.getParent() == null
        && raster.getSampleModel() instanceof PixelInterleavedSampleModel layout
        && layout.getPixelStride() == 3
        && layout.getScanlineStride() == 3 * raster.getWidth()
        && Arrays.equals(layout.getBandOffsets(), new int[] {2, 1, 0})
        && raster.getDataBuffer().getNumBanks() == 1
        && raster.getDataBuffer().getOffset() == 0
        && raster.getDataBuffer().getSize() == 3 * raster.getWidth() * raster.getHeight();
  }

  private static void swapRedAndBlue(byte[] from, byte[] to) {
    for (int i = 0; i < to.length; i += 3) {
      to[i] = from[i + 2];
      to[i + 1] = from[i + 1];
      to[i + 2] = from[i];
    }
  }

  private static void copyPaletted(Raster raster, IndexColorModel palette, byte[] rgb) {
    int width = raster.getWidth();
    int[] row = new int[width];
    int o = 0;
    for (int y = 0; y < raster.getHeight(); y++) {
      raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, 0, row);
      for (int x = 0; x < width; x++, o += 3) {
        int index = row[x];
        rgb[o] = (byte) palette.getRed(index);
        rgb[o + 1] = (byte) palette.getGreen(index);
        rgb[o + 2] = (byte) palette.getBlue(index);
      }
    }
  }

  private static void copySamples(Raster raster, ColorModel colorModel, byte[] rgb) {
    int bands = raster.getNumBands();
    int space = colorModel.getColorSpace().getType();
    boolean grey = space == ColorSpace.TYPE_GRAY && bands <= 2;
    if (!grey && !(space == ColorSpace.TYPE_RGB && (bands == 3 || bands == 4))) {
      throw new IllegalArgumentException("Images with " + bands + " channels in colour space type " + space
          + " (see java.awt.color.ColorSpace) are not supported: convert the image to RGB, RGBA, grey or"
          + " paletted first");
    }
    SampleModel layout = raster.getSampleModel();
    int bitsR = layout.getSampleSize(0);
    int bitsG = layout.getSampleSize(grey ? 0 : 1);
    int bitsB = layout.getSampleSize(grey ? 0 : 2);
    int green = grey ? 0 : 1;
    int blue = grey ? 0 : 2;
    int width = raster.getWidth();
    int[] row = new int[width * bands];
    int o = 0;
    for (int y = 0; y < raster.getHeight(); y++) {
      raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, row);
      for (int i = 0; i < row.length; i += bands, o += 3) {
        rgb[o] = (byte) to8Bit(row[i], bitsR);
        rgb[o + 1] = (byte) to8Bit(row[i + green], bitsG);
        rgb[o + 2] = (byte) to8Bit(row[i + blue], bitsB);
      }
    }
  }

  private static int to8Bit(int sample, int bits) {
    if (bits == 8) {
      return sample;
    }
    if (bits > 8) {
      return sample >>> (bits - 8);
    }
    return sample * 255 / ((1 << bits) - 1);
  }
}
