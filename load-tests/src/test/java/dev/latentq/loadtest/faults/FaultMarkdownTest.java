package dev.latentq.loadtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.loadtest.stats.ClassStats;
import dev.latentq.loadtest.stats.DuplicateStats;
import dev.latentq.loadtest.stats.LatencySummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultMarkdownTest {

  private final FaultMarkdown markdown = new FaultMarkdown();

  @Test
  void aRowShowsOutcomesDuplicatesImagesWorkersAndGoals() {
    String table = markdown.table(List.of(kill(List.of()), kill(List.of("1 job(s) lost"))));

    assertThat(table).contains("| kill | 120 | 117 | 3 (internal_error 1, storage_unavailable 2) | 0 | 0 | 4 / 0 | 9 "
        + "| 140 / 0 | – | 2 / 2 | 2500 ms | 245 s | met |");
    assertThat(table).contains("| **violated** |");
  }

  @Test
  void aSectionListsFaultsObservationsAndViolations() {
    String section = markdown.section(kill(List.of("1 job(s) lost")));

    assertThat(section).startsWith("## Fault scenario `kill`")
        .contains("- t+10.0 s: kill -9 w1 (2 job(s) in its batch)")
        .contains("- 9 jobs redelivered").contains("- **Violated:** 1 job(s) lost");
  }

  @Test
  void hostileRecordsGetATableByKindWithSampleReasons() {
    DeadLetterCheck check = new DeadLetterCheck(20, 0, 21, 20, 1, 0, 19, 0, 10, 10, 0, Map.of(
        HostileKind.BROKEN_JSON, new DeadLetterCheck.KindTally(10, 10, 10, 0, 0, "not valid JSON"),
        HostileKind.UNKNOWN_MODEL, new DeadLetterCheck.KindTally(10, 10, 9, 10, 10, "model 'x' is not served")),
        List.of());
    FaultReport report = new FaultReport("hostile", "hostile records", jobs(), noDuplicates(), objects(), check, 2,
        2, Duration.ofSeconds(130), List.of(), List.of(), List.of());

    String section = markdown.section(report);

    assertThat(markdown.table(List.of(report))).contains("| 19 / 20 |");
    assertThat(section).contains("| BROKEN_JSON | invalid_json | 10 | 10 | 10 | – |")
        .contains("| UNKNOWN_MODEL | unknown_model | 10 | 10 | 9 | 10 / 10 |")
        .contains("- UNKNOWN_MODEL: `model 'x' is not served`")
        .contains("21 records in the dead-letter topic; 0 of them not hostile records of this run, 1 extra copies, 0 "
            + "with a truncated value.")
        .contains("every hostile record dead-lettered with a reason");
  }

  private static FaultReport kill(List<String> violations) {
    return new FaultReport("kill", "kills", jobs(), new DuplicateStats(4, 4, 0, 9, List.of()), objects(), null, 2, 2,
        Duration.ofSeconds(245), List.of("t+10.0 s: kill -9 w1 (2 job(s) in its batch)"),
        List.of("9 jobs redelivered"), violations);
  }

  private static ClassStats jobs() {
    return new ClassStats(ClassStats.ALL, 120, 117, 3, 0, 0, 0, 140,
        new LatencySummary(117, 800, 2500, 4000, 9000, 1000), null, null,
        Map.of("storage_unavailable", 2L, "internal_error", 1L));
  }

  private static DuplicateStats noDuplicates() {
    return new DuplicateStats(0, 0, 0, 0, List.of());
  }

  private static ObjectCheck objects() {
    return new ObjectCheck(140, 140, 0, 0, 0, 0, List.of());
  }
}
