package dev.latentq.engine.batching;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ids remembered for a while (canceled before their job arrived) with the time each cancel was requested, bounded
 * in number and age. Not thread-safe.
 */
final class Tombstones {
  private final int capacity;
  private final Duration ttl;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

  /** A remembered cancel. */
  record Entry(Instant addedAt, Instant requestedAt) {}

  Tombstones(int capacity, Duration ttl, Clock clock) {
    this.capacity = capacity;
    this.ttl = ttl;
    this.clock = clock;
  }

  void add(String id) {
    add(id, null);
  }

  /** Remembers a cancel requested at {@code requestedAt} (null: unknown, so it applies to any job). */
  void add(String id, Instant requestedAt) {
    entries.remove(id);
    entries.put(id, new Entry(clock.instant(), requestedAt));
    if (entries.size() > capacity) {
      entries.remove(entries.keySet().iterator().next());
    }
  }

  /** Removes the id; true when it was remembered and not yet expired. */
  boolean remove(String id) {
    return take(id) != null;
  }

  /** Removes the id and returns its cancel, or null when it was not remembered or expired. */
  Entry take(String id) {
    Instant oldest = clock.instant().minus(ttl);
    for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue().addedAt().isBefore(oldest)) {
        it.remove();
      } else {
        break;
      }
    }
    return entries.remove(id);
  }
}
