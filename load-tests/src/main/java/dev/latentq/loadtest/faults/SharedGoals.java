package dev.latentq.loadtest.faults;

import dev.latentq.loadtest.stats.ClassStats;
import dev.latentq.loadtest.stats.DuplicateStats;
import dev.latentq.loadtest.stats.LostStats;
import java.util.Locale;

/**
 * The goals every fault scenario shares: the load run ran to its end, no good job lost, failed or canceled, no
 * conflicting terminal events, every image once at its key with the SHA-256 its events report. Stateless.
 */
final class SharedGoals {

  private SharedGoals() {
  }

  /** Records in {@code findings} every shared goal {@code r} violates, and the shared observations. */
  static void check(ScenarioResult r, Findings findings) {
    ClassStats all = r.statistics().overall();
    if (r.run().stoppedEarly()) {
      findings.violation("the load run was stopped early: jobs still in flight count as lost");
    }
    r.run().warnings().forEach(w -> findings.violation("load run: " + w));
    LostStats lost = r.statistics().lost();
    if (lost.total() > 0) {
      findings.violation(lost.total() + " job(s) lost (" + lost.neverAccepted() + " never accepted, "
          + lost.acceptedNotStarted() + " accepted but not started, " + lost.startedNotFinished()
          + " started but unfinished), e.g. " + lost.examples());
    }
    if (all.failed() > 0) {
      findings.violation(all.failed() + " good job(s) failed: " + all.failuresByCode());
    }
    if (all.canceled() > 0) {
      findings.violation(all.canceled() + " good job(s) were canceled");
    }
    if (all.notSent() > 0) {
      findings.note(all.notSent() + " job(s) could not be delivered to Kafka by the load generator (not sent; no "
          + "worker saw them)");
    }
    DuplicateStats duplicates = r.duplicates();
    if (duplicates.conflictingJobs() > 0) {
      findings.violation(duplicates.conflictingJobs() + " job(s) with conflicting terminal events, e.g. "
          + duplicates.examples());
    }
    if (duplicates.jobs() > 0 || duplicates.reprocessedJobs() > 0) {
      findings.note(duplicates.reprocessedJobs() + " job(s) were taken up again (accepted or started twice); "
          + duplicates.jobs() + " ended twice, with " + duplicates.sameCeIdEvents() + " repeated terminal event(s) "
          + "carrying the same ce_id");
    }
    ObjectCheck objects = r.objects();
    if (!objects.clean()) {
      findings.violation("images in S3: " + objects.missing() + " missing, " + objects.conflicting()
          + " conflicting, " + objects.misplaced() + " misplaced, " + objects.stray() + " stray of "
          + objects.expected() + ", e.g. " + objects.problems());
    }
    if (all.latencyMs() != null) {
      findings.note(String.format(Locale.ROOT, "end-to-end latency of succeeded jobs: p50 %.0f ms, p95 %.0f ms, "
          + "max %.0f ms", all.latencyMs().p50(), all.latencyMs().p95(), all.latencyMs().max()));
    }
  }
}
