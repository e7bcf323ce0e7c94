package dev.latentq.loadtest.arrival;

import java.util.NoSuchElementException;

/** {@code count} submissions, all planned at the start. Not thread-safe. */
final class BurstSchedule implements ArrivalSchedule {

  private final long count;
  private long emitted;

  BurstSchedule(long count) {
    this.count = count;
  }

  @Override
  public boolean hasNext() {
    return emitted < count;
  }

  @Override
  public long nextLong() {
    if (!hasNext()) {
      throw new NoSuchElementException("the burst is exhausted");
    }
    emitted++;
    return 0L;
  }
}
