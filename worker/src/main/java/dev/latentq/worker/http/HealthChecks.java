package dev.latentq.worker.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness and readiness of the worker. Liveness is a cheap synchronous answer (process and engine thread alive);
 * readiness runs every {@link ReadinessCheck} concurrently and counts one that does not answer within the timeout as
 * down, so a slow dependency cannot hang the endpoint. Thread-safe.
 */
public final class HealthChecks {
  private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

  private final BooleanSupplier liveness;
  private final Map<String, ReadinessCheck> readiness;
  private final Duration timeout;

  /**
   * @param liveness whether the worker can still make progress; must be fast and non-blocking
   * @param readiness named checks, reported in this map's iteration order
   * @param timeout how long each readiness check may take
   */
  public HealthChecks(BooleanSupplier liveness, Map<String, ReadinessCheck> readiness, Duration timeout) {
    if (!timeout.isPositive()) {
      throw new IllegalArgumentException("health check timeout must be positive, got " + timeout);
    }
    this.liveness = Objects.requireNonNull(liveness, "liveness");
    this.readiness = new LinkedHashMap<>(readiness);
    this.timeout = timeout;
  }

  /** Whether the worker is alive; a liveness probe that throws counts as dead, and the failure is logged. */
  public boolean live() {
    try {
      return liveness.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.error("the liveness check failed, so the worker reports itself dead: {}", e.toString(), e);
      return false;
    }
  }

  /** Runs all readiness checks; never fails, and completes within about the timeout. */
  public Future<HealthReport> ready(Vertx vertx) {
    List<String> names = new ArrayList<>(readiness.keySet());
    List<Future<HealthStatus>> results = new ArrayList<>();
    for (ReadinessCheck check : readiness.values()) {
      results.add(bounded(vertx, check));
    }
    return Future.join(results).transform(ignored -> {
      Map<String, String> described = new LinkedHashMap<>();
      boolean up = true;
      for (int i = 0; i < names.size(); i++) {
        HealthStatus status = results.get(i).result();
        up &= status.up();
        described.put(names.get(i), status.describe());
      }
      return Future.succeededFuture(new HealthReport(up, described));
    });
  }

  private Future<HealthStatus> bounded(Vertx vertx, ReadinessCheck check) {
    Promise<HealthStatus> result = Promise.promise();
    long timer = vertx.setTimer(timeout.toMillis(),
        id -> result.tryComplete(HealthStatus.down("no answer within " + timeout.toMillis() + " ms")));
    Future<HealthStatus> answer;
    try {
      answer = Objects.requireNonNull(check.check(), "readiness check returned null instead of a future");
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.failed()) {
        Throwable cause = ar.cause();
        result.tryComplete(HealthStatus.down(cause.getMessage() != null ? cause.getMessage()
            : cause.getClass().getSimpleName()));
      } else {
        result.tryComplete(ar.result() != null ? ar.result() : HealthStatus.down("check returned no status"));
      }
    });
    return result.future();
  }
}
