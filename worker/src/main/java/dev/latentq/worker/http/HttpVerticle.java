package dev.latentq.worker.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's operational HTTP endpoints on plain vertx-core: {@code GET /health/live}, {@code GET /health/ready}
 * and {@code GET /metrics} (Prometheus text). Other paths answer 404, other methods on these paths 405.
 *
 * <p>Handlers run on the verticle's event loop: the health checks must not block, and the metrics scrape is
 * in-memory work.
 */
public final class HttpVerticle extends VerticleBase {

  /** The Prometheus text exposition format served by {@code /metrics}. */
  public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final String JSON = "application/json";
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);

  private final String host;
  private final int port;
  private final HealthChecks health;
  private final Supplier<String> metrics;
  private volatile int actualPort;

  /**
   * @param host interface to bind, e.g. {@code 0.0.0.0}
   * @param port TCP port; 0 picks a free one, see {@link #actualPort()}
   * @param metrics the Prometheus text, e.g. {@code WorkerMetrics::scrape}
   */
  public HttpVerticle(String host, int port, HealthChecks health, Supplier<String> metrics) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("HTTP port must be 0 (pick a free one) or 1..65535, got " + port);
    }
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.health = Objects.requireNonNull(health, "health");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(this::handle)
        .listen()
        .recover(e -> Future.failedFuture(new IllegalStateException("cannot listen for HTTP on " + host + ":" + port
            + " (" + e.getMessage() + "): choose another http port or stop the program using it", e)))
        .onSuccess(server -> {
          actualPort = server.actualPort();
          LOG.info("HTTP endpoints listening on {}:{}", host, actualPort);
        });
  }

  /** The port the server listens on, known once deployed; differs from the configured one when that was 0. */
  public int actualPort() {
    if (actualPort == 0) {
      throw new IllegalStateException("the HTTP server is not listening yet: deploy the verticle first");
    }
    return actualPort;
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    boolean known = path.equals("/health/live") || path.equals("/health/ready") || path.equals("/metrics");
    if (!known) {
      respond(request, 404, JSON, new JsonObject().put("error", "no such endpoint: " + path).encode());
    } else if (request.method() != HttpMethod.GET) {
      request.response().putHeader(HttpHeaders.ALLOW, "GET");
      respond(request, 405, JSON, new JsonObject().put("error", request.method() + " is not allowed, use GET")
          .encode());
    } else if (path.equals("/health/live")) {
      boolean live = health.live();
      respond(request, live ? 200 : 503, JSON, new JsonObject().put("status", live ? "UP" : "DOWN").encode());
    } else if (path.equals("/health/ready")) {
      health.ready(vertx).onComplete(ar -> {
        HealthReport report = ar.result();
        respond(request, report.up() ? 200 : 503, JSON, report.toJson().encode());
      });
    } else {
      serveMetrics(request);
    }
  }

  private void serveMetrics(HttpServerRequest request) {
    String text;
    try {
      text = metrics.get();
    } catch (RuntimeException e) {
      LOG.warn("Prometheus scrape failed", e);
      respond(request, 500, "text/plain; charset=utf-8", "scrape failed: " + e.getMessage() + "\n");
      return;
    }
    respond(request, 200, METRICS_CONTENT_TYPE, text);
  }

  private static void respond(HttpServerRequest request, int status, String contentType, String body) {
    request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(body);
  }
}
