package dev.latentq.worker.http;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of all readiness checks.
 *
 * @param up whether every check passed
 * @param checks each check's name and {@link HealthStatus#describe()}, in registration order
 */
public record HealthReport(boolean up, Map<String, String> checks) {

  public HealthReport {
    checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
  }

  /** {@code {"status":"UP|DOWN","checks":{"name":"UP","other":"DOWN: why"}}}. */
  public JsonObject toJson() {
    return new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", new JsonObject(new LinkedHashMap<>(
        checks)));
  }
}
