package dev.latentq.engine.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Resizes images with Java2D's bicubic interpolation.
 *
 * <p>Not identical to diffusers, which resizes init images with PIL's Lanczos filter: pixel values differ
 * slightly, and large downscales alias more because Java2D does not widen the filter when shrinking. Callers
 * that need exact parity should send images at the target size.
 *
 * <p>Stateless and thread-safe.
 */
public final class ImageResizer {

  private ImageResizer() {
  }

  /** Returns the image scaled to exactly {@code width x height} (the same instance if already that size). */
  public static RgbImage resize(RgbImage image, int width, int height) {
    RgbImage.byteCount(width, height);
    if (image.width() == width && image.height() == height) {
      return image;
    }
    BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(BufferedImages.toBufferedImage(image), 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return BufferedImages.toRgbImage(target);
  }
}
