package dev.latentq.loadtest.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.protocol.event.EventType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobTraceTest {

  private static final SubmittedJob SUBMIT = new SubmittedJob("j", "c", 1, 0, 0);

  @Test
  void aRedeliveredTerminalEventRepeatsItsCeIdAndDoesNotConflict() {
    JobTrace trace = trace(event(EventType.SUCCEEDED, "j/succeeded", 5), event(EventType.SUCCEEDED, "j/succeeded", 9));

    assertThat(trace.repeatedTerminalIds()).isEqualTo(1);
    assertThat(trace.conflictingTerminals()).isFalse();
  }

  @Test
  void succeededAndFailedForOneJobConflict() {
    JobTrace trace = trace(event(EventType.SUCCEEDED, "j/succeeded", 5), event(EventType.FAILED, "j/failed", 9));

    assertThat(trace.repeatedTerminalIds()).isZero();
    assertThat(trace.conflictingTerminals()).isTrue();
  }

  @Test
  void repeatedAcceptedEventsMeanTheJobWasProcessedAgain() {
    JobTrace trace = trace(event(EventType.ACCEPTED, "j/accepted", 1), event(EventType.ACCEPTED, "j/accepted", 2),
        event(EventType.SUCCEEDED, "j/succeeded", 3));

    assertThat(trace.repeatedNonTerminalIds()).isEqualTo(1);
    assertThat(trace.repeatedTerminalIds()).isZero();
  }

  @Test
  void aSucceededEventWithoutImageCountFallsBackToTheRequestedImages() {
    JobTrace trace = new JobTrace(new SubmittedJob("j", "c", 4, 0, 0),
        List.of(event(EventType.SUCCEEDED, "j/succeeded", 1)), null);

    assertThat(trace.images()).isEqualTo(4);
  }

  @Test
  void aSendErrorIsOverruledByATerminalEvent() {
    JobTrace trace = new JobTrace(SUBMIT, List.of(event(EventType.SUCCEEDED, "j/succeeded", 1)), "timeout");

    assertThat(trace.outcome()).isEqualTo(Outcome.SUCCEEDED);
  }

  private static JobTrace trace(ObservedEvent... events) {
    return new JobTrace(SUBMIT, List.of(events), null);
  }

  private static ObservedEvent event(EventType type, String ceId, long nanos) {
    return new ObservedEvent("j", type, ceId, nanos, Instant.EPOCH, type == EventType.FAILED ? "model_error" : null,
        null, null);
  }
}
