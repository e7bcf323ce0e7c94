package dev.latentq.worker.http;

import java.util.Objects;

/**
 * The result of one health check.
 *
 * @param up whether the checked part works
 * @param detail why it is down; when up, empty or a note (e.g. which models are loaded)
 */
public record HealthStatus(boolean up, String detail) {

  /** The check passed. */
  public static final HealthStatus UP = new HealthStatus(true, "");

  public HealthStatus {
    Objects.requireNonNull(detail, "detail");
  }

  /** Up, with a note for the readiness body (e.g. which models are loaded). */
  public static HealthStatus up(String note) {
    return new HealthStatus(true, note);
  }

  /** Down, with a reason that helps an operator, e.g. {@code no partitions assigned}. */
  public static HealthStatus down(String reason) {
    return new HealthStatus(false, reason);
  }

  /** {@code UP} (or {@code UP: <note>}), or {@code DOWN: <detail>} as shown in the readiness body. */
  public String describe() {
    return up ? detail.isEmpty() ? "UP" : "UP: " + detail : detail.isEmpty() ? "DOWN" : "DOWN: " + detail;
  }
}
