package dev.latentq.loadtest.faults;

import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.engine.simulation.SimulatedModel;
import dev.latentq.loadtest.cluster.LocalCluster;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.event.GeneratedImage;
import dev.latentq.protocol.event.JobEvent;
import dev.latentq.protocol.job.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Two workers; while the good jobs run, probe jobs check the Kafka semantics a client relies on: jobs of an aborted
 * transaction never run (read_committed) and those of a committed one do; a different job under an id that already
 * succeeded fails {@code id_conflict}, not retryable, and leaves the first images untouched; jobs of a size the
 * model's U-Net cannot take ("poison rows") fail {@code unsupported_request}, not retryable, while every good job
 * sent in the same burst succeeds.
 */
public final class SemanticsScenario implements FaultScenario {

  /** Probe jobs per case when the command does not say. */
  public static final int DEFAULT_CASES = 8;
  /** The cost model LocalCluster's workers simulate by default ({@code engine.costModel}). */
  static final String WORKER_COST_MODEL = "h100-sd15-graph";

  private static final List<String> WORKERS = List.of("w1", "w2");
  private static final String MODEL = LocalCluster.SIMULATED_MODEL;
  private static final Duration POLL = Duration.ofMillis(500);

  private final int cases;

  /** @param cases how many probe jobs each case sends (aborted, committed, conflicting, poison, burst companions) */
  public SemanticsScenario(int cases) {
    if (cases < 1) {
      throw new IllegalArgumentException("the semantics scenario needs at least 1 probe per case, got " + cases);
    }
    this.cases = cases;
  }

  @Override
  public String name() {
    return "semantics";
  }

  @Override
  public String description() {
    return "Two workers; " + cases + " jobs each in an aborted and a committed transaction, " + cases
        + " id conflicts and " + cases + " poison rows in a burst with " + cases + " good jobs, among the good jobs.";
  }

  @Override
  public Duration defaultDuration() {
    return Duration.ofMinutes(1);
  }

  @Override
  public FaultOutcome run(LocalCluster cluster, ScenarioSettings settings) throws InterruptedException {
    WORKERS.forEach(cluster::startWorker);
    int multiple = sizeMultiple();
    List<Job> aborted = jobs("txn-aborted", "an aborted fox");
    List<Job> committed = jobs("txn-committed", "a committed fox");
    List<Job> firsts = jobs("reused", "a red fox");
    List<Job> conflicting = firsts.stream().map(j -> Job.builder(j.id(), MODEL, "a blue whale").size(512, 512)
        .steps(10).seed(1L).build()).toList();
    List<Job> poison = poison(multiple);
    List<Job> companions = jobs("burst-good", "an innocent fox");
    Duration timeout = settings.timeout();
    try (ScenarioRun run = ScenarioRun.start(cluster, name(), settings);
        ProbeProducer probes = new ProbeProducer(cluster.bootstrapServers(), cluster.topics().jobs(),
            "latentq-fault-" + name())) {
      Findings findings = run.findings();
      run.awaitElapsed(settings.duration().dividedBy(4));
      probes.transaction(aborted, false);
      probes.transaction(committed, true);
      findings.fault(cases + " jobs produced in an aborted transaction, " + cases + " in a committed one");
      probes.burst(firsts);
      findings.fault(cases + " jobs sent whose ids are reused later");
      awaitTerminals(run, ids(firsts), 1, timeout);
      probes.burst(conflicting);
      findings.fault(cases + " different jobs sent under the ids of the first ones");
      run.awaitElapsed(settings.duration().dividedBy(2));
      List<Job> burst = interleave(poison, companions);
      probes.burst(burst);
      findings.fault(poison.size() + " poison rows (sizes not multiples of " + multiple + ") sent in one burst with "
          + companions.size() + " good jobs");
      awaitTerminals(run, ids(committed), 1, timeout);
      awaitTerminals(run, ids(conflicting), 2, timeout);
      awaitTerminals(run, ids(burst), 1, timeout);
      ScenarioResult result = run.finish();
      EventLog events = run.events().snapshot();
      try (ObjectAudit objects = new ObjectAudit(cluster.devstack().s3Endpoint(), cluster.devstack().s3AccessKey(),
          cluster.devstack().s3SecretKey())) {
        SemanticsChecks checks = new SemanticsChecks(events, objects, findings);
        checks.abortedNeverRan(ids(aborted));
        checks.succeeded("committed transaction", ids(committed));
        checks.conflictsFailedAndKeptTheFirstImages(ids(firsts));
        checks.failedNonRetryably("poison row", ids(poison), FailureCode.UNSUPPORTED_REQUEST);
        checks.succeeded("good job of a burst with poison rows", ids(companions));
      }
      return new FaultOutcome(run.report(result, description(), null), result.run());
    }
  }

  /** What the workers' simulated model needs image sides to be a multiple of. */
  static int sizeMultiple() {
    try (DiffusionModel model = SimulatedModel.create(MODEL, CostModel.load(WORKER_COST_MODEL))) {
      return model.sizeMultiple();
    } catch (Exception e) {
      throw new IllegalStateException("the simulated model could not be built to read its size multiple: " + e, e);
    }
  }

  /**
   * Jobs the contract allows (multiples of 8) but whose width or height is not a multiple of the U-Net's: the sizes
   * that failed whole batches before poison isolation (200, 72, 80 for SD 1.5).
   */
  List<Job> poison(int multiple) {
    if (multiple <= 8) {
      throw new IllegalStateException("the simulated model takes every size the contract allows (multiples of "
          + multiple + "), so no poison size exists: its cost model must declare the U-Net's latentMultiple");
    }
    int[][] sizes = {{3 * multiple + 8, 512}, {512, multiple + 8}, {multiple + 16, multiple + 16}};
    return IntStream.range(0, cases).mapToObj(i -> Job.builder("poison-" + i, MODEL, "a poison row")
        .size(sizes[i % sizes.length][0], sizes[i % sizes.length][1]).steps(10).seed(1L).build()).toList();
  }

  private List<Job> jobs(String prefix, String prompt) {
    return IntStream.range(0, cases).mapToObj(i -> Job.builder(prefix + "-" + i, MODEL, prompt).size(512, 512)
        .steps(10).seed(1L).build()).toList();
  }

  private static List<Job> interleave(List<Job> a, List<Job> b) {
    List<Job> all = new ArrayList<>();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      if (i < a.size()) {
        all.add(a.get(i));
      }
      if (i < b.size()) {
        all.add(b.get(i));
      }
    }
    return all;
  }

  private static List<String> ids(List<Job> jobs) {
    return jobs.stream().map(Job::id).toList();
  }

  /**
   * Waits until each of {@code ids} has at least {@code terminals} terminal events, or {@code timeout} passed: a
   * probe without its outcomes is then reported by the checks, not by this wait.
   */
  private static void awaitTerminals(ScenarioRun run, List<String> ids, long terminals, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      EventLog now = run.events().snapshot();
      if (ids.stream().allMatch(id -> terminals(now, id) >= terminals)) {
        return;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static long terminals(EventLog events, String id) {
    return events.of(id).stream().filter(e -> e.event().type().terminal()).count();
  }

  /** The checks of the probe jobs' outcomes; each broken goal is a violation. */
  private record SemanticsChecks(EventLog events, ObjectAudit objects, Findings findings) {

    void abortedNeverRan(List<String> ids) {
      long clean = 0;
      for (String id : ids) {
        List<SeenEvent> seen = events.of(id);
        Set<String> keys = objects.keysUnder(ObjectAudit.DEFAULT_PREFIX + id + "/");
        if (!seen.isEmpty()) {
          findings.violation("job " + id + " of an aborted transaction got events " + types(seen));
        } else if (!keys.isEmpty()) {
          findings.violation("job " + id + " of an aborted transaction has images in S3: " + keys);
        } else {
          clean++;
        }
      }
      findings.note(clean + " of " + ids.size() + " jobs of the aborted transaction never ran (no event, no image)");
    }

    void succeeded(String what, List<String> ids) {
      long ok = 0;
      for (String id : ids) {
        Optional<JobEvent> terminal = firstTerminal(id);
        if (terminal.isPresent() && terminal.get() instanceof JobEvent.Succeeded) {
          ok++;
        } else {
          findings.violation(what + " " + id + " did not succeed: " + terminal.map(SemanticsChecks::describe)
              .orElse("no outcome"));
        }
      }
      findings.note(ok + " of " + ids.size() + " jobs of the case '" + what + "' succeeded");
    }

    void failedNonRetryably(String what, List<String> ids, FailureCode code) {
      long ok = 0;
      for (String id : ids) {
        Optional<JobEvent> terminal = firstTerminal(id);
        if (terminal.isPresent() && terminal.get() instanceof JobEvent.Failed f
            && f.data().code().equals(code.wireName()) && !f.data().retryable()
            && events.succeeded(id).isEmpty()) {
          ok++;
        } else {
          findings.violation(what + " " + id + " should fail " + code.wireName() + ", not retryable, and never "
              + "succeed; it got " + types(events.of(id)) + ", first outcome "
              + terminal.map(SemanticsChecks::describe).orElse("none"));
        }
      }
      findings.note(ok + " of " + ids.size() + " " + what + "s failed " + code.wireName() + ", not retryable");
    }

    void conflictsFailedAndKeptTheFirstImages(List<String> ids) {
      long ok = 0;
      for (String id : ids) {
        List<JobEvent.Succeeded> succeeded = events.succeeded(id);
        if (succeeded.isEmpty()) {
          findings.violation("the first job under id " + id + " did not succeed: " + types(events.of(id)));
          continue;
        }
        List<GeneratedImage> first = succeeded.getFirst().data().images();
        Optional<JobEvent.Failed> failed = events.firstFailed(id);
        boolean conflict = failed.isPresent() && !failed.get().data().retryable()
            && failed.get().data().code().equals(FailureCode.ID_CONFLICT.wireName());
        if (!conflict) {
          findings.violation("the different job under id " + id + " should fail id_conflict, not retryable; got "
              + failed.map(SemanticsChecks::describe).orElse("no failed event: " + types(events.of(id))));
        }
        boolean sameEvents = succeeded.stream().allMatch(s -> s.data().images().equals(first));
        if (!sameEvents) {
          findings.violation("id " + id + " got succeeded events with different images: the conflicting job ran");
        }
        boolean unchanged = true;
        for (GeneratedImage image : first) {
          String stored = objects.sha256(image.key());
          if (!stored.equals(image.sha256())) {
            unchanged = false;
            findings.violation("s3://" + image.bucket() + "/" + image.key() + " has SHA-256 " + stored + " after the "
                + "conflicting job, the first succeeded event says " + image.sha256() + ": it was overwritten");
          }
        }
        ok += conflict && sameEvents && unchanged ? 1 : 0;
      }
      findings.note(ok + " of " + ids.size() + " id conflicts failed id_conflict, not retryable, with the first "
          + "images unchanged");
    }

    private Optional<JobEvent> firstTerminal(String id) {
      return events.of(id).stream().map(SeenEvent::event).filter(e -> e.type().terminal()).findFirst();
    }

    private static List<String> types(List<SeenEvent> seen) {
      return seen.stream().map(e -> e.event().type().name()).toList();
    }

    private static String describe(JobEvent event) {
      return event instanceof JobEvent.Failed f ? "failed " + f.data().code() + (f.data().retryable()
          ? " (retryable)" : " (not retryable)") + ": " + f.data().message() : event.type().name();
    }
  }
}
