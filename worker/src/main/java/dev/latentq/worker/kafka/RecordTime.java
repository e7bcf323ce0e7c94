package dev.latentq.worker.kafka;

import java.time.Instant;

/** Record timestamps as instants. */
final class RecordTime {
  private RecordTime() {}

  /** The instant of a record timestamp, or null when the record has none (Kafka's -1). */
  static Instant of(long timestamp) {
    return timestamp < 0 ? null : Instant.ofEpochMilli(timestamp);
  }
}
