package dev.latentq.engine.batching;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Ids remembered for a while (canceled before their job arrived), bounded in number and age. Not thread-safe. */
final class Tombstones {
  private final int capacity;
  private final Duration ttl;
  private final Clock clock;
  private final LinkedHashMap<String, Instant> entries = new LinkedHashMap<>();

  Tombstones(int capacity, Duration ttl, Clock clock) {
    this.capacity = capacity;
    this.ttl = ttl;
    this.clock = clock;
  }

  void add(String id) {
    entries.remove(id);
    entries.put(id, clock.instant());
    if (entries.size() > capacity) {
      entries.remove(entries.keySet().iterator().next());
    }
  }

  /** Removes the id; true when it was remembered and not yet expired. */
  boolean remove(String id) {
    Instant oldest = clock.instant().minus(ttl);
    for (Iterator<Map.Entry<String, Instant>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue().isBefore(oldest)) {
        it.remove();
      } else {
        break;
      }
    }
    return entries.remove(id) != null;
  }
}
