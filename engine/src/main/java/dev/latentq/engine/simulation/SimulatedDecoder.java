package dev.latentq.engine.simulation;

import dev.latentq.engine.model.LatentDecoder;
import dev.latentq.engine.model.LatentEncoder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A VAE that takes the cost model's time. Decoding returns a fixed textured picture (smooth gradients plus fine
 * detail, so PNG encoding and upload cost about what real images cost); encoding returns zero latents.
 */
final class SimulatedDecoder implements LatentDecoder, LatentEncoder {
  private final CostModel costs;
  private final AcceleratorTime time;
  private final Map<List<Integer>, float[]> pictures = new ConcurrentHashMap<>();

  SimulatedDecoder(CostModel costs, AcceleratorTime time) {
    this.costs = costs;
    this.time = time;
  }

  @Override
  public DecodedPixels decode(float[] latents, int count, int channels, int height, int width) {
    time.spend(AcceleratorMeter.Component.VAE_DECODER,
        costs.vaeDecoder().millis(count) * costs.areaScale(height, width));
    int h = height * 8;
    int w = width * 8;
    float[] picture = pictures.computeIfAbsent(List.of(h, w), size -> picture(h, w));
    float[] pixels = new float[count * picture.length];
    for (int n = 0; n < count; n++) {
      System.arraycopy(picture, 0, pixels, n * picture.length, picture.length);
    }
    return new DecodedPixels(pixels, count, h, w);
  }

  /** Smooth gradients plus fine grain, computed once per size (the engine thread must not do per-pixel math). */
  private static float[] picture(int h, int w) {
    float[] pixels = new float[3 * h * w];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double wave = Math.sin((x * (c + 1) + y * (3 - c)) * 0.05) * 0.5;
          double grain = ((x * 73856093 ^ y * 19349663 ^ c * 83492791) & 255) / 2550.0;
          pixels[(c * h + y) * w + x] = (float) (wave + grain + (double) y / h - 0.5);
        }
      }
    }
    return pixels;
  }

  @Override
  public EncodedLatents encode(float[] pixels, int count, int height, int width) {
    time.spend(AcceleratorMeter.Component.VAE_ENCODER,
        costs.vaeDecoder().millis(count) * costs.areaScale(height / 8, width / 8) / 2);
    return new EncodedLatents(new float[count * 4 * (height / 8) * (width / 8)], count, 4, height / 8, width / 8,
        false);
  }

  @Override
  public void close() {
  }
}
