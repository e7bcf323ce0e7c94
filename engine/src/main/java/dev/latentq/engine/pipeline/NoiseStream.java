package dev.latentq.engine.pipeline;

import dev.latentq.engine.noise.NumpyRandomState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A job's single random stream (numpy's legacy {@code RandomState(seed)}), consumed in the order diffusers
 * consumes its generator: one {@code standard_normal((n, 4, h, w))} draw for the starting latents, then one per
 * noise-consuming step for the whole job. Image k reads slice k of each draw.
 *
 * <p>Drawing 16k normals per image per step costs far more than the rest of a step's Java work, so the next draw
 * is computed ahead on a background executor while the U-Net runs; the engine thread only copies. The job's
 * samples advance in lockstep, so two buffers suffice and nothing is allocated per step. Used by one engine
 * thread; the prefetch is ordered with it through the pending future.
 */
public final class NoiseStream {
  private final NumpyRandomState random;
  private final long seed;
  private final int images;
  private final int elements;
  private final int draws;
  private final Executor prefetcher;
  private float[] current;
  private float[] next;
  private CompletableFuture<Void> pending;
  private int drawn = -1;

  /**
   * @param images samples in the job (n)
   * @param elements values per sample ({@code 4 * h/8 * w/8})
   * @param draws how many per-image draws the job will read, starting noise included
   * @param prefetcher where the next draw is computed ahead of time
   */
  public NoiseStream(long seed, int images, int elements, int draws, Executor prefetcher) {
    this.random = new NumpyRandomState(seed);
    this.seed = seed;
    this.images = images;
    this.elements = elements;
    this.draws = draws;
    this.prefetcher = prefetcher;
    this.current = new float[images * elements];
    this.next = draws > 1 ? new float[images * elements] : null;
  }

  public long seed() {
    return seed;
  }

  public int images() {
    return images;
  }

  /** Draws {@code length} values outside the per-image draws (img2img's VAE posterior sample), before them. */
  public void drawExtra(float[] out, int length) {
    if (drawn >= 0) {
      throw new IllegalStateException("extra draws must precede the per-image draws");
    }
    random.standardNormal(out, 0, length);
  }

  /**
   * Copies image {@code image}'s slice of draw number {@code index} (0 = starting noise, then 1, 2, … for each
   * noise-consuming step) into {@code out}; the draw happens when the first image of the job asks for it.
   */
  public void read(int index, int image, float[] out) {
    if (index == drawn + 1) {
      advance();
    } else if (index != drawn) {
      throw new IllegalStateException("noise draw " + index + " requested while the stream is at draw " + drawn
          + ": a job's images must advance together");
    }
    System.arraycopy(current, image * elements, out, 0, elements);
  }

  private void advance() {
    if (pending == null) {
      random.standardNormal(current, 0, current.length);
    } else {
      pending.join();
      float[] ready = next;
      next = current;
      current = ready;
      pending = null;
    }
    drawn++;
    if (drawn + 1 < draws) {
      float[] target = next;
      pending = CompletableFuture.runAsync(() -> random.standardNormal(target, 0, target.length), prefetcher);
    }
  }
}
