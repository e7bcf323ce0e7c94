package dev.latentq.engine.residency;

import java.util.Locale;

/** Byte counts as people read them in logs and error messages. */
final class Bytes {
  private Bytes() {}

  static String show(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
