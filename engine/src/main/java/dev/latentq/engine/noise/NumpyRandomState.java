package dev.latentq.engine.noise;

/**
 * Reproduces numpy's legacy {@code RandomState(seed)} stream: MT19937 seeded with {@code init_genrand},
 * 53-bit doubles and the polar Box–Muller normal generator that keeps its second value for the next call.
 *
 * <p>Not thread-safe: one instance per job, used in draw order.
 */
public final class NumpyRandomState {

  /** Largest seed numpy accepts for an integer seed (2^32 - 1). */
  public static final long MAX_SEED = 0xFFFF_FFFFL;

  private static final int STATE_WORDS = 624;
  private static final int SHIFT_WORDS = 397;
  private static final int MATRIX_A = 0x9908_B0DF;
  private static final int UPPER_MASK = 0x8000_0000;
  private static final int LOWER_MASK = 0x7FFF_FFFF;
  private static final double TWO_POW_26 = 67108864.0;
  private static final double TWO_POW_53 = 9007199254740992.0;

  private final int[] state = new int[STATE_WORDS];
  private int position;
  private boolean hasCachedNormal;
  private double cachedNormal;

  /**
   * Seeds the generator like {@code numpy.random.RandomState(seed)}.
   *
   * @throws IllegalArgumentException if the seed is outside [0, 2^32)
   */
  public NumpyRandomState(long seed) {
    if (seed < 0 || seed > MAX_SEED) {
      throw new IllegalArgumentException("seed " + seed + " is outside [0, " + MAX_SEED
          + "]: numpy's RandomState only accepts seeds in [0, 2^32); pick a seed in that range");
    }
    int value = (int) seed;
    for (int i = 0; i < STATE_WORDS; i++) {
      state[i] = value;
      value = 1812433253 * (value ^ (value >>> 30)) + i + 1;
    }
    position = STATE_WORDS;
  }

  /** Next raw 32-bit output, as an unsigned value in a long. */
  public long nextUnsignedInt() {
    return Integer.toUnsignedLong(nextWord());
  }

  /** Next double in [0, 1) built from two 32-bit outputs (27 + 26 bits), as numpy's random_sample does. */
  public double nextDouble() {
    int high = nextWord() >>> 5;
    int low = nextWord() >>> 6;
    return (high * TWO_POW_26 + low) / TWO_POW_53;
  }

  /** Next standard normal value, identical to numpy's legacy {@code standard_normal()}. */
  public double standardNormal() {
    if (hasCachedNormal) {
      hasCachedNormal = false;
      double value = cachedNormal;
      cachedNormal = 0.0;
      return value;
    }
    double x1;
    double x2;
    double radiusSquared;
    do {
      x1 = 2.0 * nextDouble() - 1.0;
      x2 = 2.0 * nextDouble() - 1.0;
      radiusSquared = x1 * x1 + x2 * x2;
    } while (radiusSquared >= 1.0 || radiusSquared == 0.0);
    double factor = Math.sqrt(-2.0 * Math.log(radiusSquared) / radiusSquared);
    cachedNormal = factor * x1;
    hasCachedNormal = true;
    return factor * x2;
  }

  /**
   * Fills {@code out[offset, offset + length)} with standard normal values in C order, each rounded to float,
   * like {@code standard_normal(shape).astype(np.float32)}.
   */
  public void standardNormal(float[] out, int offset, int length) {
    if (offset < 0 || length < 0 || offset > out.length - length) {
      throw new IndexOutOfBoundsException("range [" + offset + ", " + offset + " + " + length
          + ") does not fit an array of " + out.length);
    }
    for (int i = offset, end = offset + length; i < end; i++) {
      out[i] = (float) standardNormal();
    }
  }

  private int nextWord() {
    if (position == STATE_WORDS) {
      regenerate();
    }
    int y = state[position++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9D2C_5680;
    y ^= (y << 15) & 0xEFC6_0000;
    y ^= y >>> 18;
    return y;
  }

  private void regenerate() {
    int i = 0;
    for (; i < STATE_WORDS - SHIFT_WORDS; i++) {
      state[i] = twist(state[i + SHIFT_WORDS], state[i], state[i + 1]);
    }
    for (; i < STATE_WORDS - 1; i++) {
      state[i] = twist(state[i + SHIFT_WORDS - STATE_WORDS], state[i], state[i + 1]);
    }
    state[STATE_WORDS - 1] = twist(state[SHIFT_WORDS - 1], state[STATE_WORDS - 1], state[0]);
    position = 0;
  }

  private static int twist(int shifted, int current, int next) {
    int y = (current & UPPER_MASK) | (next & LOWER_MASK);
    return shifted ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
}
