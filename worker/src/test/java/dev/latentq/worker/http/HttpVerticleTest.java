package dev.latentq.worker.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpVerticleTest {

  private static final String METRICS_TEXT = "# TYPE latentq_queue_depth gauge\nlatentq_queue_depth 3.0\n";

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicBoolean engineAlive = new AtomicBoolean(true);
  private final AtomicReference<HealthStatus> kafka = new AtomicReference<>(HealthStatus.UP);
  private HttpVerticle verticle;

  @BeforeEach
  void deploy() throws Exception {
    Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
    checks.put("models", () -> Future.succeededFuture(HealthStatus.UP));
    checks.put("kafka", () -> Future.succeededFuture(kafka.get()));
    checks.put("storage", () -> vertx.timer(10).map(HealthStatus.UP));
    verticle = new HttpVerticle("127.0.0.1", 0,
        new HealthChecks(engineAlive::get, checks, Duration.ofSeconds(5)), () -> METRICS_TEXT);
    vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    client.close();
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void listensOnAnEphemeralPortWhenConfiguredWithZero() {
    assertThat(verticle.actualPort()).isPositive();
  }

  @Test
  void liveIsUpWhileTheEngineRunsAndDownAfter() throws Exception {
    HttpResponse<String> up = get("/health/live");
    engineAlive.set(false);
    HttpResponse<String> down = get("/health/live");

    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(up.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\"}");
  }

  @Test
  void readyIs200WhenEveryCheckPasses() throws Exception {
    HttpResponse<String> response = get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo("{\"status\":\"UP\",\"checks\":{\"models\":\"UP\",\"kafka\":\"UP\",\"storage\":\"UP\"}}");
  }

  @Test
  void readyIs503AndListsEachCheckWhenOneFails() throws Exception {
    kafka.set(HealthStatus.down("no partitions assigned"));

    HttpResponse<String> response = get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{\"models\":\"UP\","
        + "\"kafka\":\"DOWN: no partitions assigned\",\"storage\":\"UP\"}}");
  }

  @Test
  void metricsServePrometheusTextWithTheVersionedContentType() throws Exception {
    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body()).isEqualTo(METRICS_TEXT);
  }

  @Test
  void unknownPathsAre404() throws Exception {
    assertThat(get("/health").statusCode()).isEqualTo(404);
    assertThat(get("/metrics/extra").statusCode()).isEqualTo(404);
  }

  @Test
  void otherMethodsAre405AndAdvertiseGet() throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/metrics"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("allow")).hasValue("GET");
  }

  @Test
  void aReadinessCheckThatNeverAnswersIsReportedDownAfterTheTimeout() throws Exception {
    Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
    checks.put("models", () -> Future.succeededFuture(HealthStatus.UP));
    checks.put("storage", () -> Promise.<HealthStatus>promise().future());
    HttpVerticle slow = new HttpVerticle("127.0.0.1", 0,
        new HealthChecks(() -> true, checks, Duration.ofMillis(200)), () -> "");
    vertx.deployVerticle(slow).await(30, TimeUnit.SECONDS);

    HttpResponse<String> response = get(slow, "/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo(
        "{\"status\":\"DOWN\",\"checks\":{\"models\":\"UP\",\"storage\":\"DOWN: no answer within 200 ms\"}}");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return get(verticle, path);
  }

  private HttpResponse<String> get(HttpVerticle target, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.actualPort() + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + verticle.actualPort() + path);
  }
}
