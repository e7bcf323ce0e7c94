package dev.latentq.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.latentq.engine.residency.ModelPool;
import dev.latentq.engine.simulation.SimulatedModel;
import dev.latentq.protocol.client.JobOutcome;
import dev.latentq.protocol.client.LatentQClient;
import dev.latentq.protocol.job.Job;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker serving four simulated models with a memory budget that holds two, against a real broker and S3 server:
 * it is ready with no model loaded, and jobs cycling through all four models all succeed while models are loaded
 * and evicted and the pool's resident bytes never exceed the budget.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WorkerModelPoolIntegrationTest {
  private static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(3);
  private static final List<String> MODELS = List.of("m1", "m2", "m3", "m4");
  /** Room for two simulated models, not three. */
  private static final long BUDGET = 2 * SimulatedModel.DECLARED_BYTES + SimulatedModel.DECLARED_BYTES / 2;

  @TempDir
  static Path dir;

  private WorkerRig rig;
  private LatentQClient client;

  @BeforeAll
  void startClusterAndWorker() {
    StringBuilder models = new StringBuilder();
    for (String id : MODELS) {
      models.append(models.isEmpty() ? "" : ",").append(id).append('=').append(dir.resolve(id));
    }
    rig = WorkerRig.start(dir.resolve("cluster"), 2, "pool-worker",
        Map.of("LATENTQ_ENGINE_MODE", "simulated", "LATENTQ_MODELS", models.toString(),
            "LATENTQ_ENGINE_MEMORY_BUDGET", Long.toString(BUDGET)));
    client = rig.client;
  }

  @AfterAll
  void stopEverything() throws Exception {
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void jobsCyclingThroughMoreModelsThanTheBudgetHoldsAllSucceedWithinIt() throws Exception {
    ModelPool pool = rig.worker.engine().pool();
    assertThat(pool.status()).as("ready without loading unpinned models")
        .allSatisfy(s -> assertThat(s.state()).isEqualTo(ModelPool.State.UNLOADED));
    await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
        assertThat(readiness()).contains("\"models\"").contains("unloaded [m1, m2, m3, m4]"));

    AtomicLong maxResident = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread sampler = Thread.ofPlatform().daemon().start(() -> {
      while (running.get()) {
        maxResident.accumulateAndGet(pool.residentBytes(), Math::max);
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    });

    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      jobs.add(Job.builder("cycle-" + i, MODELS.get(i % MODELS.size()), "a blue square " + i).size(64, 64).steps(3)
          .seed((long) i).build());
    }
    List<CompletableFuture<JobOutcome>> outcomes = jobs.stream()
        .map(j -> client.submitAndAwait(j, OUTCOME_TIMEOUT)).toList();
    CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(4, TimeUnit.MINUTES);
    running.set(false);
    sampler.join();

    for (int i = 0; i < jobs.size(); i++) {
      assertThat(outcomes.get(i).join()).as(jobs.get(i).id()).isInstanceOf(JobOutcome.Succeeded.class);
    }
    String metrics = rig.worker.metrics().scrape();
    assertThat(sum(metrics, "latentq_model_evictions_total")).as("evictions").isPositive();
    assertThat(sum(metrics, "latentq_model_loads_total")).as("loads").isGreaterThanOrEqualTo(MODELS.size());
    assertThat(sum(metrics, "latentq_model_load_failures_total")).isZero();
    assertThat(maxResident.get()).as("resident bytes, sampled during the run").isPositive()
        .isLessThanOrEqualTo(BUDGET);
    assertThat(sum(metrics, "latentq_model_resident_bytes")).isLessThanOrEqualTo(BUDGET);
    assertThat(readiness()).contains("loaded [");
  }

  private String readiness() throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + rig.worker.httpPort()
          + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
  }

  /** The sum of a metric's series in the Prometheus text (0 when absent). */
  private static double sum(String scrape, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(scrape);
    double total = 0;
    while (m.find()) {
      total += Double.parseDouble(m.group(1));
    }
    return total;
  }
}
