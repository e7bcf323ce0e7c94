package dev.latentq.worker.http;

import io.vertx.core.Future;

/**
 * One readiness condition, e.g. "models loaded", "Kafka partitions assigned", "bucket reachable". Called on an event
 * loop: it must not block; do I/O asynchronously. A failed future or a thrown exception counts as down.
 */
@FunctionalInterface
public interface ReadinessCheck {

  Future<HealthStatus> check();
}
