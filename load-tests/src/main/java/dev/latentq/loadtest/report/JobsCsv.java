package dev.latentq.loadtest.report;

import dev.latentq.loadtest.ledger.JobTrace;
import dev.latentq.loadtest.ledger.ObservedEvent;
import dev.latentq.protocol.event.EventType;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Writes one CSV line per job, for spreadsheets and ad-hoc analysis: times in milliseconds after the run start,
 * empty cells for events that never came. Stateless.
 */
public final class JobsCsv {

  /** File name in the output directory. */
  public static final String FILE = "jobs.csv";

  static final String HEADER = "job_id,class,num_images,planned_ms,submit_ms,accepted_ms,started_ms,"
      + "first_progress_ms,terminal_ms,outcome,failure_code,terminal_events,latency_ms";

  /** Writes the header and one line per job. */
  public void write(List<JobTrace> jobs, Writer out) throws IOException {
    out.write(HEADER);
    out.write('\n');
    for (JobTrace job : jobs) {
      out.write(String.join(",", job.jobId(), job.submit().jobClass(), Integer.toString(job.submit().numImages()),
          ms(job.submit().plannedNanos()), ms(job.submit().submitNanos()), at(job.first(EventType.ACCEPTED)),
          at(job.first(EventType.STARTED)), at(job.first(EventType.PROGRESS)), at(job.terminal()),
          job.outcome().name().toLowerCase(Locale.ROOT), job.failureCode().orElse(""),
          Integer.toString(job.terminals().size()), ms(job.latencyNanos())));
      out.write('\n');
    }
  }

  private static String at(Optional<ObservedEvent> event) {
    return event.map(e -> ms(e.receivedNanos())).orElse("");
  }

  private static String ms(OptionalLong nanos) {
    return nanos.isPresent() ? ms(nanos.getAsLong()) : "";
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }
}
