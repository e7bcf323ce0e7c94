package dev.latentq.engine.image;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * Converts between VAE tensors (NCHW float32 in [-1, 1], planes R, G, B) and 8-bit RGB images, bit for bit as
 * diffusers does it in float32.
 *
 * <p>Decoder output to pixels: {@code rint(clamp(x * 0.5 + 0.5, 0, 1) * 255)}, every operation in float32 and
 * rounding half to even, as numpy's {@code (images * 255).round().astype("uint8")} after the clamp. NaN becomes
 * 0: numpy keeps NaN through the clamp and the uint8 cast of NaN is undefined, so we pick the value x86 usually
 * yields and that cannot be mistaken for a saturated highlight. Infinities clamp like any out-of-range value.
 *
 * <p>Pixels to encoder input (img2img init images): {@code 2 * (v / 255) - 1} in float32, as
 * {@code VaeImageProcessor} does ({@code pil_to_numpy} divides by 255, {@code normalize} maps to [-1, 1]).
 *
 * <p>Stateless and thread-safe.
 */
public final class PixelConverter {

  private static final float ROUNDING_BIAS = 0x1p23f;
  /** Pixels converted per pass: three int blocks of this size stay in the L1 cache. */
  private static final int BLOCK_PIXELS = 2048;

  private PixelConverter() {
  }

  /** One decoder output value to a pixel value 0..255 (see the class comment for the exact formula). */
  public static int toUint8(float x) {
    float y = Math.min(Math.max(x * 0.5f + 0.5f, 0f), 1f);
    // Adding and removing 2^23 rounds 0..255 to an integer half to even in float arithmetic, exactly as rint,
    // but in a form C2 vectorizes. NaN passes min/max unchanged and Java's cast turns it into 0.
    return (int) ((y * 255f + ROUNDING_BIAS) - ROUNDING_BIAS);
  }

  /** One pixel value 0..255 to a VAE encoder input value in [-1, 1]. */
  public static float toUnit(int value) {
    return 2f * (value / 255f) - 1f;
  }

  /**
   * Converts one image of an NCHW tensor to RGB.
   *
   * @param nchw the tensor data
   * @param offset index of the image's first value (image {@code k} of a batch starts at {@code k * 3 * w * h})
   */
  public static RgbImage toRgb(float[] nchw, int offset, int width, int height) {
    Objects.requireNonNull(nchw, "nchw");
    byte[] rgb = new byte[RgbImage.byteCount(width, height)];
    int plane = width * height;
    Objects.checkFromIndexSize(offset, 3 * plane, nchw.length);
    Block block = new Block(Math.min(BLOCK_PIXELS, plane));
    for (int start = 0; start < plane; start += BLOCK_PIXELS) {
      int n = Math.min(BLOCK_PIXELS, plane - start);
      quantize(nchw, offset + start, n, block.red);
      quantize(nchw, offset + plane + start, n, block.green);
      quantize(nchw, offset + 2 * plane + start, n, block.blue);
      block.interleave(n, rgb, 3 * start);
    }
    return new RgbImage(width, height, rgb);
  }

  /**
   * Converts one image of an NCHW tensor to RGB, reading {@code 3 * width * height} values from the buffer's
   * position on (absolute reads: the buffer's position is left unchanged).
   */
  public static RgbImage toRgb(FloatBuffer nchw, int width, int height) {
    Objects.requireNonNull(nchw, "nchw");
    byte[] rgb = new byte[RgbImage.byteCount(width, height)];
    int plane = width * height;
    int offset = nchw.position();
    Objects.checkFromIndexSize(offset, 3 * plane, nchw.limit());
    Block block = new Block(Math.min(BLOCK_PIXELS, plane));
    float[] values = new float[block.red.length];
    for (int start = 0; start < plane; start += BLOCK_PIXELS) {
      int n = Math.min(BLOCK_PIXELS, plane - start);
      nchw.get(offset + start, values, 0, n);
      quantize(values, 0, n, block.red);
      nchw.get(offset + plane + start, values, 0, n);
      quantize(values, 0, n, block.green);
      nchw.get(offset + 2 * plane + start, values, 0, n);
      quantize(values, 0, n, block.blue);
      block.interleave(n, rgb, 3 * start);
    }
    return new RgbImage(width, height, rgb);
  }

  /** Converts an image to a new NCHW float array of shape [1, 3, height, width] with values in [-1, 1]. */
  public static float[] toModelInput(RgbImage image) {
    float[] out = new float[image.rgb().length];
    toModelInput(image, out, 0);
    return out;
  }

  /** Writes an image as NCHW values in [-1, 1] into {@code dst} from {@code offset} on (3 planes R, G, B). */
  public static void toModelInput(RgbImage image, float[] dst, int offset) {
    byte[] rgb = image.rgb();
    int plane = image.width() * image.height();
    Objects.checkFromIndexSize(offset, 3 * plane, dst.length);
    int g = offset + plane;
    int b = g + plane;
    for (int i = 0, p = 0; i < plane; i++, p += 3) {
      dst[offset + i] = toUnit(rgb[p] & 0xFF);
      dst[g + i] = toUnit(rgb[p + 1] & 0xFF);
      dst[b + i] = toUnit(rgb[p + 2] & 0xFF);
    }
  }

  /**
   * Writes an image as NCHW values in [-1, 1] into the buffer from its position on (absolute writes: the
   * buffer's position is left unchanged).
   */
  public static void toModelInput(RgbImage image, FloatBuffer dst) {
    byte[] rgb = image.rgb();
    int plane = image.width() * image.height();
    int r = dst.position();
    Objects.checkFromIndexSize(r, 3 * plane, dst.limit());
    int g = r + plane;
    int b = g + plane;
    for (int i = 0, p = 0; i < plane; i++, p += 3) {
      dst.put(r + i, toUnit(rgb[p] & 0xFF));
      dst.put(g + i, toUnit(rgb[p + 1] & 0xFF));
      dst.put(b + i, toUnit(rgb[p + 2] & 0xFF));
    }
  }

  /** Plane by plane, so that the loop is a straight vectorizable map; interleaving happens afterwards. */
  private static void quantize(float[] values, int from, int length, int[] to) {
    for (int i = 0; i < length; i++) {
      to[i] = toUint8(values[from + i]);
    }
  }

  /** Quantized R, G and B values of a run of pixels. */
  private static final class Block {
    final int[] red;
    final int[] green;
    final int[] blue;

    Block(int pixels) {
      red = new int[pixels];
      green = new int[pixels];
      blue = new int[pixels];
    }

    void interleave(int pixels, byte[] rgb, int at) {
      for (int i = 0, o = at; i < pixels; i++, o += 3) {
        rgb[o] = (byte) red[i];
        rgb[o + 1] = (byte) green[i];
        rgb[o + 2] = (byte) blue[i];
      }
    }
  }
}
