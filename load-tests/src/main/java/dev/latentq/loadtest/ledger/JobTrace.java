package dev.latentq.loadtest.ledger;

import dev.latentq.protocol.event.EventType;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Everything the load generator saw of one job: its submission and its events in arrival order. The first terminal
 * event decides the outcome; later terminal events are duplicates. Immutable.
 *
 * @param submit the submission
 * @param events the events read for this job, in the order they were read
 * @param sendError nullable: why the producer could not deliver the job
 */
public record JobTrace(SubmittedJob submit, List<ObservedEvent> events, String sendError) {

  public JobTrace {
    Objects.requireNonNull(submit, "submit");
    events = List.copyOf(events);
  }

  public String jobId() {
    return submit.jobId();
  }

  /** The first event of {@code type}. */
  public Optional<ObservedEvent> first(EventType type) {
    return events.stream().filter(e -> e.type() == type).findFirst();
  }

  /** The first terminal event: the one that counts. */
  public Optional<ObservedEvent> terminal() {
    return events.stream().filter(ObservedEvent::terminal).findFirst();
  }

  /**
   * How the job ended: by its first terminal event, else {@link Outcome#NOT_SENT} when the producer reported an
   * error, else {@link Outcome#LOST}.
   */
  public Outcome outcome() {
    return terminal().map(e -> switch (e.type()) {
      case SUCCEEDED -> Outcome.SUCCEEDED;
      case FAILED -> Outcome.FAILED;
      default -> Outcome.CANCELED;
    }).orElse(sendError != null ? Outcome.NOT_SENT : Outcome.LOST);
  }

  /** End-to-end latency: first terminal event read minus submission, in nanoseconds. */
  public OptionalLong latencyNanos() {
    return since(terminal());
  }

  /** From submission until the started event was read (queueing in Kafka and in the worker). */
  public OptionalLong timeToStartNanos() {
    return since(first(EventType.STARTED));
  }

  /** From submission until the accepted event was read. */
  public OptionalLong timeToAcceptNanos() {
    return since(first(EventType.ACCEPTED));
  }

  /** From submission until the first progress event was read. */
  public OptionalLong timeToFirstProgressNanos() {
    return since(first(EventType.PROGRESS));
  }

  /** The worker's own queue time from the succeeded event's timings, in milliseconds. */
  public OptionalLong workerQueuedMs() {
    return terminal().filter(e -> e.workerQueuedMs() != null)
        .map(e -> OptionalLong.of(e.workerQueuedMs())).orElse(OptionalLong.empty());
  }

  /** Images reported by the succeeded event, or 0 for other outcomes. */
  public int images() {
    return terminal().filter(e -> e.type() == EventType.SUCCEEDED)
        .map(e -> e.imageCount() != null ? e.imageCount() : submit.numImages()).orElse(0);
  }

  /** The failure code of a failed job. */
  public Optional<String> failureCode() {
    return terminal().map(ObservedEvent::failureCode);
  }

  /** All terminal events; more than one means duplicates. */
  public List<ObservedEvent> terminals() {
    return events.stream().filter(ObservedEvent::terminal).toList();
  }

  /** Terminal events whose {@code ce_id} had already been seen for this job (redelivered, harmless when deduped). */
  public int repeatedTerminalIds() {
    return repeatedIds(terminals());
  }

  /** Non-terminal events (progress aside) whose {@code ce_id} repeats: the job was processed more than once. */
  public int repeatedNonTerminalIds() {
    return repeatedIds(events.stream().filter(e -> !e.terminal() && e.type() != EventType.PROGRESS).toList());
  }

  /** Whether terminal events with different {@code ce_id}s arrived, e.g. succeeded and failed. */
  public boolean conflictingTerminals() {
    return terminals().stream().map(ObservedEvent::ceId).distinct().count() > 1;
  }

  private OptionalLong since(Optional<ObservedEvent> event) {
    return event.map(e -> OptionalLong.of(e.receivedNanos() - submit.submitNanos())).orElse(OptionalLong.empty());
  }

  private static int repeatedIds(List<ObservedEvent> list) {
    Set<String> seen = new HashSet<>();
    int repeats = 0;
    for (ObservedEvent event : list) {
      if (!seen.add(event.ceId())) {
        repeats++;
      }
    }
    return repeats;
  }
}
