package dev.latentq.engine.scheduler;

/**
 * The few numpy routines diffusers uses to build timestep and sigma tables, reproduced operation by operation in
 * double precision so the tables match to the bit.
 */
final class Numpy {

  private Numpy() {
  }

  /** {@code np.linspace(start, stop, num, endpoint)}: {@code i * step + start}, with the end point set exactly. */
  static double[] linspace(double start, double stop, int num, boolean endpoint) {
    int divisor = endpoint ? num - 1 : num;
    double delta = stop - start;
    double[] values = new double[num];
    if (divisor > 0) {
      double step = delta / divisor;
      for (int i = 0; i < num; i++) {
        values[i] = step == 0 ? (i / (double) divisor) * delta + start : i * step + start;
      }
    } else {
      for (int i = 0; i < num; i++) {
        values[i] = i * delta + start;
      }
    }
    if (endpoint && num > 1) {
      values[num - 1] = stop;
    }
    return values;
  }

  /**
   * {@code np.arange(start, stop, step)} with a float step: length {@code ceil((stop - start) / step)} and
   * values {@code start + i * ((start + step) - start)}, which is why it can return one element more than
   * expected.
   */
  static double[] arange(double start, double stop, double step) {
    double count = Math.ceil((stop - start) / step);
    int length = count > 0 ? (int) count : 0;
    double[] values = new double[length];
    if (length > 0) {
      values[0] = start;
    }
    if (length > 1) {
      double next = start + step;
      values[1] = next;
      double delta = next - start;
      for (int i = 2; i < length; i++) {
        values[i] = start + i * delta;
      }
    }
    return values;
  }

  /** {@code np.interp(x, np.arange(len(table)), table)} in double precision. */
  static double interpolate(double x, float[] table) {
    int last = table.length - 1;
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x < 0) {
      return table[0];
    }
    if (x >= last) {
      return table[last];
    }
    int j = (int) Math.floor(x);
    if (x == j) {
      return table[j];
    }
    double slope = (double) table[j + 1] - table[j];
    double value = slope * (x - j) + table[j];
    if (Double.isNaN(value)) {
      value = slope * (x - (j + 1)) + table[j + 1];
      if (Double.isNaN(value) && table[j] == table[j + 1]) {
        value = table[j];
      }
    }
    return value;
  }

  /** {@code np.round} on a float64: round half to even. */
  static double round(double value) {
    return Math.rint(value);
  }

  /** {@code log} of a float32 array element, rounded back to float32. */
  static float log(float value) {
    return (float) Math.log(value);
  }
}
