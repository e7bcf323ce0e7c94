package dev.latentq.worker.pipeline;

import dev.latentq.worker.noise.NumpyRandomState;

/**
 * A job's single random stream (numpy's legacy {@code RandomState(seed)}), consumed in the order diffusers
 * consumes its generator: one {@code standard_normal((n, 4, h, w))} draw for the starting latents, then one per
 * noise-consuming step for the whole job. Image k reads slice k of each draw. The job's samples advance in
 * lockstep, so only the latest draw is kept (no per-step allocation). Not thread-safe.
 */
public final class NoiseStream {
  private final NumpyRandomState random;
  private final long seed;
  private final int images;
  private final int elements;
  private final float[] draw;
  private int drawn = -1;

  /**
   * @param images samples in the job (n)
   * @param elements values per sample ({@code 4 * h/8 * w/8})
   */
  public NoiseStream(long seed, int images, int elements) {
    this.random = new NumpyRandomState(seed);
    this.seed = seed;
    this.images = images;
    this.elements = elements;
    this.draw = new float[images * elements];
  }

  public long seed() {
    return seed;
  }

  /** Draws {@code length} values outside the per-image draws (img2img's VAE posterior sample). */
  public void drawExtra(float[] out, int length) {
    random.standardNormal(out, 0, length);
  }

  /**
   * Copies image {@code image}'s slice of draw number {@code index} (0 = starting noise, then 1, 2, … for each
   * noise-consuming step) into {@code out}; the draw happens when the first image of the job asks for it.
   */
  public void read(int index, int image, float[] out) {
    if (index == drawn + 1) {
      random.standardNormal(draw, 0, draw.length);
      drawn = index;
    } else if (index != drawn) {
      throw new IllegalStateException("noise draw " + index + " requested while the stream is at draw " + drawn
          + ": a job's images must advance together");
    }
    System.arraycopy(draw, image * elements, out, 0, elements);
  }

  public int images() {
    return images;
  }
}
