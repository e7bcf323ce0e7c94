package dev.latentq.engine.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Builds unusual decoded images and writes them with ImageIO, for reader tests. */
final class TestImageFiles {

  private TestImageFiles() {
  }

  static BufferedImage grey(int... samples) {
    BufferedImage image = new BufferedImage(samples.length, 1, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setPixels(0, 0, samples.length, 1, samples);
    return image;
  }

  static BufferedImage rgb16(int[][] pixels) {
    ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
        Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    WritableRaster raster = model.createCompatibleWritableRaster(pixels.length, 1);
    for (int x = 0; x < pixels.length; x++) {
      raster.setPixel(x, 0, pixels[x]);
    }
    return new BufferedImage(model, raster, false, null);
  }

  static BufferedImage grey16(int... samples) {
    BufferedImage image = new BufferedImage(samples.length, 1, BufferedImage.TYPE_USHORT_GRAY);
    image.getRaster().setPixels(0, 0, samples.length, 1, samples);
    return image;
  }

  static BufferedImage paletted(int[] argbPalette, int... indices) {
    byte[] r = new byte[argbPalette.length];
    byte[] g = new byte[argbPalette.length];
    byte[] b = new byte[argbPalette.length];
    byte[] a = new byte[argbPalette.length];
    for (int i = 0; i < argbPalette.length; i++) {
      a[i] = (byte) (argbPalette[i] >>> 24);
      r[i] = (byte) (argbPalette[i] >>> 16);
      g[i] = (byte) (argbPalette[i] >>> 8);
      b[i] = (byte) argbPalette[i];
    }
    IndexColorModel model = new IndexColorModel(8, argbPalette.length, r, g, b, a);
    BufferedImage image = new BufferedImage(indices.length, 1, BufferedImage.TYPE_BYTE_INDEXED, model);
    image.getRaster().setPixels(0, 0, indices.length, 1, indices);
    return image;
  }

  static BufferedImage uniform(int width, int height, int rgb) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  static Path write(BufferedImage image, String format, Path file) throws IOException {
    if (!ImageIO.write(image, format, file.toFile())) {
      throw new IllegalStateException("no ImageIO writer for " + format + " and image type " + image.getType());
    }
    return file;
  }
}
