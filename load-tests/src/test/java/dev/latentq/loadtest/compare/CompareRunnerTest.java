package dev.latentq.loadtest.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareRunnerTest {
  @TempDir
  Path out;

  private CompareResults run(long seed) throws Exception {
    CompareRunner.Plan plan = new CompareRunner.Plan(List.of(2), List.of(0.5, 1.2), Duration.ofSeconds(8), 4,
        "h100-sd15-graph", seed, Duration.ofMillis(100), 4, Duration.ofSeconds(1), 2, List.of(0.9), 0.2,
        List.of(Duration.ofMillis(30)), 0.7, Duration.ofMillis(11), 4, out);
    return new CompareRunner(plan, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
  }

  @Test
  void bothPoliciesSeeTheSameArrivalsAndTheReportHasEveryTableAndChart() throws Exception {
    CompareResults results = run(7);

    List<PolicyPoint> points = results.policies().get(0).points();
    assertThat(points).extracting(PolicyPoint::label).containsExactly("step", "request", "step", "request");
    assertThat(points.get(0).jobs()).isEqualTo(points.get(1).jobs()).isPositive();
    assertThat(points.get(2).jobs()).isEqualTo(points.get(3).jobs()).isGreaterThan(points.get(0).jobs());
    String md = Files.readString(out.resolve("compare.md"));
    assertThat(md).contains("## Step against request admission", "## Batched decoding and text encoding",
        "## Priority preemption", "## Step latency budget", "step ÷ request throughput");
    assertThat(out.resolve("policies-batch-2.png")).isNotEmptyFile();
    assertThat(out.resolve("decoding.png")).isNotEmptyFile();
  }
}
