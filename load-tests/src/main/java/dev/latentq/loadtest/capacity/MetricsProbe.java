package dev.latentq.loadtest.capacity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a worker's Prometheus metrics at the start of a run and again later in it: the engine's busy ratio and the
 * mean U-Net rows per call between the two readings. Best effort: a reading that fails leaves the values empty.
 */
public final class MetricsProbe {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Scrape first;
  private final Supplier<Scrape> second;

  /** What the probe saw: the engine's busy ratio late in the run, and rows per call over the run. */
  public record Reading(OptionalDouble engineBusy, OptionalDouble rowsPerCall, OptionalDouble occupancy) {}

  private MetricsProbe(Scrape first, Supplier<Scrape> second) {
    this.first = first;
    this.second = second;
  }

  /** Reads now, and again after {@code later}. */
  static MetricsProbe start(URI endpoint, Duration later) {
    Scrape first = Scrape.of(endpoint);
    CompletableFuture<Scrape> second = CompletableFuture.supplyAsync(() -> Scrape.of(endpoint),
        CompletableFuture.delayedExecutor(later.toMillis(), TimeUnit.MILLISECONDS));
    return new MetricsProbe(first, second::join);
  }

  /** Reads now, and again when {@link #result} is asked for: the readings span whatever ran in between. */
  public static MetricsProbe startUntilResult(URI endpoint) {
    return new MetricsProbe(Scrape.of(endpoint), () -> Scrape.of(endpoint));
  }

  /** The reading, once the second scrape is done; {@code maxRows} turns rows per call into occupancy. */
  public Reading result(int maxRows) {
    Scrape last = second.get();
    OptionalDouble rows = OptionalDouble.empty();
    if (first.samplesSum.isPresent() && last.samplesSum.isPresent() && last.samplesCount.getAsDouble()
        > first.samplesCount.getAsDouble()) {
      rows = OptionalDouble.of((last.samplesSum.getAsDouble() - first.samplesSum.getAsDouble())
          / (last.samplesCount.getAsDouble() - first.samplesCount.getAsDouble()));
    }
    OptionalDouble occupancy = rows.isPresent() ? OptionalDouble.of(Math.min(1, rows.getAsDouble() / maxRows))
        : OptionalDouble.empty();
    return new Reading(last.engineBusy, rows, occupancy);
  }

  private record Scrape(OptionalDouble engineBusy, OptionalDouble samplesSum, OptionalDouble samplesCount) {
    static Scrape of(URI endpoint) {
      try {
        String text = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/metrics")).timeout(Duration.ofSeconds(5))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        return new Scrape(value(text, "latentq_engine_busy_ratio"), value(text, "latentq_batch_samples_sum"),
            value(text, "latentq_batch_samples_count"));
      } catch (IOException e) {
        return new Scrape(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Scrape(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
      }
    }

    /** Sum over every series of {@code name} (one model here). */
    private static OptionalDouble value(String text, String name) {
      Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.eE+-]+|NaN)$").matcher(text);
      double sum = 0;
      boolean found = false;
      while (m.find()) {
        double v = Double.parseDouble(m.group(1));
        if (!Double.isNaN(v)) {
          sum += v;
          found = true;
        }
      }
      return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }
  }
}
