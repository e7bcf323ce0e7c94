package dev.latentq.engine.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads img2img init images (PNG, JPEG, or anything else ImageIO decodes) into {@link RgbImage}, optionally
 * resized to the generation size.
 *
 * <p>Colour conversion follows PIL's {@code convert("RGB")} (see {@link BufferedImages}). Resizing uses Java2D
 * bicubic interpolation (see {@link ImageResizer}), not PIL's Lanczos as in diffusers, so resized pixels differ
 * slightly from a Python pipeline's. EXIF orientation is not applied: images are read as stored.
 *
 * <p>Stateless and thread-safe. Decoding stays in memory (no ImageIO disk cache).
 */
public final class InitImageReader {

  private InitImageReader() {
  }

  /** Reads an image file at its own size. */
  public static RgbImage read(Path file) throws IOException {
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "image does not exist: check the path");
    }
    return decode(data, file.toString());
  }

  /** Reads an image file and resizes it to {@code width x height} if it has another size. */
  public static RgbImage read(Path file, int width, int height) throws IOException {
    return ImageResizer.resize(read(file), width, height);
  }

  /** Reads an inpainting mask file at its own size (any image; colour is converted to grey as PIL does). */
  public static MaskImage readMask(Path file) throws IOException {
    return MaskImage.fromRgb(read(file));
  }

  /** Decodes an inpainting mask held in memory (see {@link #decode} for the formats). */
  public static MaskImage decodeMask(byte[] data, String source) throws IOException {
    return MaskImage.fromRgb(decode(data, source));
  }

  /** Decodes an inpainting mask, refusing one whose header declares more than {@code maxPixels} (see
   * {@link #decode(byte[], String, long)}). */
  public static MaskImage decodeMask(byte[] data, String source, long maxPixels) throws IOException {
    return MaskImage.fromRgb(decode(data, source, maxPixels));
  }

  /**
   * Decodes an image held in memory (an upload or an object fetched from storage).
   *
   * @param source names the image in error messages (a file name, an object key, a request id)
   * @throws IOException if no ImageIO reader recognizes the data or the data is corrupt
   */
  public static RgbImage decode(byte[] data, String source) throws IOException {
    return decode(data, source, Long.MAX_VALUE);
  }

  /**
   * Decodes an image held in memory, refusing one whose header declares more than {@code maxPixels} pixels before
   * any pixel is decoded: a small compressed file may declare a huge image (a decompression bomb).
   *
   * @param source names the image in error messages (a file name, an object key, a request id)
   * @throws IOException if no ImageIO reader recognizes the data, the data is corrupt, or the image is too large
   */
  public static RgbImage decode(byte[] data, String source, long maxPixels) throws IOException {
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IOException("Image " + source + " (" + data.length + " bytes) is not in an image format"
            + " ImageIO can decode: send a PNG or JPEG");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > maxPixels) {
          throw new ImageTooLargeException("Init image " + source + " declares " + reader.getWidth(0) + "x"
              + reader.getHeight(0) + " pixels, over the limit of " + maxPixels + ": scale it down before sending it");
        }
        BufferedImage image = reader.read(0);
        return BufferedImages.toRgbImage(image);
      } catch (ImageTooLargeException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        // ImageIO reports corrupt data with IIOException but also with assorted runtime exceptions.
        throw new IOException("Image " + source + " cannot be decoded as " + reader.getFormatName() + " ("
            + e.getMessage() + "): the file is corrupt, truncated or in an unsupported variant; re-export it"
            + " as an 8-bit RGB PNG or JPEG", e);
      } finally {
        reader.dispose();
      }
    }
  }

  /** An image whose header declares more pixels than allowed; nothing was decoded. */
  public static final class ImageTooLargeException extends IOException {
    ImageTooLargeException(String message) {
      super(message);
    }
  }
}
