package dev.latentq.engine.tokenizer;

import java.util.Arrays;

/** A growable int array, to collect ids without boxing. Not thread-safe: use one per call. */
final class IntArrayBuilder {

  private int[] values;
  private int size;

  IntArrayBuilder(int initialCapacity) {
    values = new int[Math.max(initialCapacity, 1)];
  }

  void add(int value) {
    ensureRoom(1);
    values[size++] = value;
  }

  void addAll(int[] more) {
    ensureRoom(more.length);
    System.arraycopy(more, 0, values, size, more.length);
    size += more.length;
  }

  int[] toArray() {
    return Arrays.copyOf(values, size);
  }

  private void ensureRoom(int extra) {
    if (size + extra > values.length) {
      values = Arrays.copyOf(values, Math.max(values.length * 2, size + extra));
    }
  }
}
