package dev.latentq.worker.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthChecksTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void failedOrThrowingChecksAreDownWithTheirMessage() throws Exception {
    Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
    checks.put("storage", () -> Future.failedFuture(new IllegalStateException("bucket out is unreachable")));
    checks.put("kafka", () -> {
      throw new IllegalStateException("consumer not created yet");
    });
    checks.put("models", () -> Future.failedFuture(new RuntimeException()));
    checks.put("engine", () -> Future.succeededFuture(null));

    HealthReport report = new HealthChecks(() -> true, checks, Duration.ofSeconds(5)).ready(vertx)
        .await(30, TimeUnit.SECONDS);

    assertThat(report.up()).isFalse();
    assertThat(report.checks()).containsExactly(
        Map.entry("storage", "DOWN: bucket out is unreachable"),
        Map.entry("kafka", "DOWN: consumer not created yet"),
        Map.entry("models", "DOWN: RuntimeException"),
        Map.entry("engine", "DOWN: check returned no status"));
  }

  @Test
  void noChecksMeansReady() throws Exception {
    HealthReport report = new HealthChecks(() -> true, Map.of(), Duration.ofSeconds(1)).ready(vertx)
        .await(30, TimeUnit.SECONDS);

    assertThat(report.up()).isTrue();
    assertThat(report.toJson().encode()).isEqualTo("{\"status\":\"UP\",\"checks\":{}}");
  }

  @Test
  void aThrowingLivenessProbeCountsAsDead() {
    HealthChecks checks = new HealthChecks(() -> {
      throw new IllegalStateException("engine thread gone");
    }, Map.of(), Duration.ofSeconds(1));

    assertThat(checks.live()).isFalse();
  }
}
