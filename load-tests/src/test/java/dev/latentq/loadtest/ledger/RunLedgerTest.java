package dev.latentq.loadtest.ledger;

import static dev.latentq.loadtest.TestEvents.accepted;
import static dev.latentq.loadtest.TestEvents.failed;
import static dev.latentq.loadtest.TestEvents.progress;
import static dev.latentq.loadtest.TestEvents.started;
import static dev.latentq.loadtest.TestEvents.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.event.EventType;
import dev.latentq.protocol.event.JobEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunLedgerTest {

  private static final long MS = 1_000_000L;

  private final RunLedger ledger = new RunLedger();

  @Test
  void latencyIsTheTerminalEventReadTimeMinusTheSubmitTime() {
    submit("j1", 100);
    see(accepted("j1"), 130);
    see(started("j1"), 400);
    see(progress("j1", 5), 600);
    see(succeeded("j1", 2, 250), 1_100);

    JobTrace trace = ledger.snapshot().jobs().getFirst();

    assertThat(trace.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(trace.latencyNanos()).hasValue(1_000 * MS);
    assertThat(trace.timeToAcceptNanos()).hasValue(30 * MS);
    assertThat(trace.timeToStartNanos()).hasValue(300 * MS);
    assertThat(trace.timeToFirstProgressNanos()).hasValue(500 * MS);
    assertThat(trace.workerQueuedMs()).hasValue(250);
    assertThat(trace.images()).isEqualTo(2);
  }

  @Test
  void aJobWithoutATerminalEventIsLostAndStaysPending() {
    submit("j1", 0);
    submit("j2", 0);
    see(accepted("j1"), 10);
    see(failed("j2", FailureCode.DEADLINE_EXCEEDED), 20);

    LedgerSnapshot snapshot = ledger.snapshot();

    assertThat(snapshot.jobs()).extracting(JobTrace::outcome).containsExactly(Outcome.LOST, Outcome.FAILED);
    assertThat(snapshot.jobs().get(1).failureCode()).hasValue("deadline_exceeded");
    assertThat(ledger.pending()).isEqualTo(1);
  }

  @Test
  void aSendFailureCountsAsNotSentAndSettlesTheJob() {
    submit("j1", 0);

    ledger.sendFailed("j1", "TimeoutException: topic not present in metadata");

    assertThat(ledger.snapshot().jobs().getFirst().outcome()).isEqualTo(Outcome.NOT_SENT);
    assertThat(ledger.pending()).isZero();
  }

  @Test
  void eventsOfOtherJobsAreOnlyCounted() {
    submit("j1", 0);
    see(succeeded("someone-else", 1, 0), 5);
    ledger.unreadable();

    LedgerSnapshot snapshot = ledger.snapshot();

    assertThat(snapshot.foreignEvents()).isEqualTo(1);
    assertThat(snapshot.unreadableEvents()).isEqualTo(1);
    assertThat(snapshot.jobs().getFirst().events()).isEmpty();
  }

  @Test
  void onlyTheFirstProgressEventIsKept() {
    submit("j1", 0);
    see(progress("j1", 5), 10);
    see(progress("j1", 10), 20);
    see(progress("j1", 15), 30);

    assertThat(ledger.snapshot().jobs().getFirst().events()).singleElement()
        .extracting(ObservedEvent::ceId).isEqualTo("j1/progress/5");
  }

  @Test
  void theRealCeIdHeaderIsKeptAndTheProtocolIdIsTheFallback() {
    submit("j1", 0);
    ledger.observe(ObservedEvent.of(accepted("j1"), "custom-id", 1));
    ledger.observe(ObservedEvent.of(started("j1"), null, 2));

    assertThat(ledger.snapshot().jobs().getFirst().events()).extracting(ObservedEvent::ceId)
        .containsExactly("custom-id", "j1/started");
  }

  @Test
  void submittingAnIdTwiceIsABug() {
    submit("j1", 0);

    assertThatThrownBy(() -> submit("j1", 1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("submitted twice");
  }

  @Test
  void awaitSettledReturnsOnceTheLastJobEnds() throws Exception {
    submit("j1", 0);
    CompletableFuture<Boolean> settled = CompletableFuture.supplyAsync(() -> {
      try {
        return ledger.awaitSettled(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });

    see(succeeded("j1", 1, 0), 10);

    assertThat(settled.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void awaitSettledGivesUpAfterTheWait() throws InterruptedException {
    submit("j1", 0);

    assertThat(ledger.awaitSettled(Duration.ofMillis(20))).isFalse();
  }

  @Test
  void theFirstTerminalEventDecidesTheOutcome() {
    submit("j1", 0);
    see(succeeded("j1", 1, 0), 10);
    see(failed("j1", FailureCode.INTERNAL_ERROR), 20);

    JobTrace trace = ledger.snapshot().jobs().getFirst();

    assertThat(trace.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(trace.latencyNanos()).hasValue(10 * MS);
    assertThat(trace.terminals()).extracting(ObservedEvent::type)
        .containsExactly(EventType.SUCCEEDED, EventType.FAILED);
  }

  private void submit(String id, long atMs) {
    ledger.submitted(new SubmittedJob(id, "c", 1, atMs * MS, atMs * MS));
  }

  private void see(JobEvent event, long atMs) {
    ledger.observe(ObservedEvent.of(event, null, atMs * MS));
  }
}
