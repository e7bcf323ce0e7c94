package dev.latentq.loadtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.loadtest.TestEvents;
import dev.latentq.loadtest.ledger.JobTrace;
import dev.latentq.loadtest.ledger.SubmittedJob;
import dev.latentq.loadtest.stats.DuplicateStats;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.event.JobEvent;
import dev.latentq.protocol.event.StartedData;
import dev.latentq.protocol.event.SucceededData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLogTest {

  @Test
  void retracedJobsCountLateRepeatsOfTheSameCeIdAndConflicts() {
    EventLog log = new EventLog(Map.of(
        "a", List.of(seen(TestEvents.started("a")), seen(TestEvents.succeeded("a", 1, 5)),
            seen(TestEvents.started("a")), seen(TestEvents.succeeded("a", 1, 5))),
        "b", List.of(seen(TestEvents.succeeded("b", 1, 5)), seen(TestEvents.failed("b", FailureCode.MODEL_ERROR)))),
        0);
    JobTrace a = new JobTrace(new SubmittedJob("a", "standard", 1, 0, 0), List.of(), null);
    JobTrace b = new JobTrace(new SubmittedJob("b", "standard", 1, 0, 0), List.of(), null);

    DuplicateStats duplicates = DuplicateStats.of(List.of(log.retrace(a), log.retrace(b)));

    assertThat(duplicates.jobs()).isEqualTo(2);
    assertThat(duplicates.sameCeIdEvents()).isEqualTo(1);
    assertThat(duplicates.conflictingJobs()).isEqualTo(1);
    assertThat(duplicates.reprocessedJobs()).isEqualTo(1);
  }

  @Test
  void successesCountForTheWorkerOfTheFirstTerminalEvent() {
    EventLog log = new EventLog(Map.of(
        "a", List.of(seen(started("a", "w1")), seen(started("a", "w2")), seen(succeeded("a", "w2"))),
        "b", List.of(seen(started("b", "w1")), seen(succeeded("b", "w1")), seen(succeeded("b", "w3"))),
        "c", List.of(seen(TestEvents.failed("c", FailureCode.INTERNAL_ERROR)))), 0);

    assertThat(log.successesByWorker(List.of("a", "b", "c", "unknown"))).containsExactly(Map.entry("w1", 1L),
        Map.entry("w2", 1L));
    assertThat(log.startedOnSeveralWorkers(List.of("a", "b", "c"))).isEqualTo(1);
    assertThat(log.firstFailed("c")).get().extracting(f -> f.data().code()).isEqualTo("internal_error");
    assertThat(log.succeeded("b")).hasSize(2);
  }

  private static SeenEvent seen(JobEvent event) {
    return new SeenEvent(event, event.eventId());
  }

  private static JobEvent.Started started(String id, String worker) {
    return new JobEvent.Started(new StartedData(id, "sim-sd15", worker, null), TestEvents.TIME);
  }

  private static JobEvent.Succeeded succeeded(String id, String worker) {
    SucceededData data = TestEvents.succeeded(id, 1, 5).data();
    return new JobEvent.Succeeded(new SucceededData(id, data.model(), worker, data.images(), data.timings(),
        data.scheduler(), data.steps(), data.guidanceScale(), null), TestEvents.TIME);
  }
}
