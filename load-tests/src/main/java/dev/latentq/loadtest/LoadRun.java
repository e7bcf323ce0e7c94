package dev.latentq.loadtest;

import dev.latentq.loadtest.arrival.ArrivalSchedule;
import dev.latentq.loadtest.kafka.EventTap;
import dev.latentq.loadtest.kafka.KafkaClients;
import dev.latentq.loadtest.ledger.RunLedger;
import dev.latentq.loadtest.ledger.SubmittedJob;
import dev.latentq.loadtest.mix.JobFactory;
import dev.latentq.loadtest.mix.PlannedJob;
import dev.latentq.protocol.job.Job;
import dev.latentq.protocol.job.JobCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * One open-loop load run: follows the events topic from its end, submits jobs on the arrival schedule without waiting
 * for outcomes, then waits up to the timeout after the last submission for the outstanding outcomes, and a short
 * grace period more to catch late duplicate events.
 *
 * <p>Submission times are taken when a job is handed to the producer; if the generator falls behind its schedule
 * (a blocked producer), the lag is reported rather than hidden. {@link #run()} runs once, on the caller's thread;
 * {@link #requestStop()} may be called from any thread.
 */
public final class LoadRun {

  private static final long MAX_WAIT_SLICE_NANOS = Duration.ofMillis(200).toNanos();
  private static final Duration PRODUCER_CLOSE = Duration.ofSeconds(30);

  private final LoadRunConfig config;
  private final KafkaClients clients;
  private final RunObserver observer;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch arrivalsEnd = new CountDownLatch(1);
  private final JobCodec codec = new JobCodec();

  public LoadRun(LoadRunConfig config, KafkaClients clients, RunObserver observer) {
    this.config = config;
    this.clients = clients;
    this.observer = observer;
  }

  /** Ends submitting and waiting soon; {@link #run()} then returns what it saw so far. */
  public void requestStop() {
    stop.countDown();
  }

  /**
   * Ends the arrivals now, before the plan's end; the run then waits for the outcomes of what it sent as usual.
   * For runs whose end a scenario decides by a condition rather than by a duration. Any thread.
   */
  public void endArrivals() {
    arrivalsEnd.countDown();
  }

  /**
   * Runs the load test.
   *
   * @throws IllegalArgumentException if the mix would produce invalid jobs (before anything connects)
   * @throws IllegalStateException if the jobs or events topic does not exist
   */
  public RunResult run() throws InterruptedException {
    JobFactory jobs = new JobFactory(config.runId(), config.mix(), new Random(drawSeed(config.seed())));
    ArrivalSchedule schedule = config.arrivals().schedule(new Random(config.seed()));
    RunLedger ledger = new RunLedger();
    Producer<String, byte[]> producer = clients.producer();
    try (EventTap tap = new EventTap(clients.consumer(), config.topics().events(), ledger)) {
      requireJobsTopic(tap);
      tap.positionAtEnd();
      RunClock clock = RunClock.startNow();
      tap.start(clock::nanos);
      Session session = new Session(clock, ledger, producer, jobs);
      session.submitAll(schedule);
      producer.flush();
      session.drain(tap);
      List<String> warnings = new ArrayList<>();
      tap.failure().ifPresent(e -> warnings.add("reading the events topic failed, later events were missed: " + e));
      return new RunResult(config, clock.startedAt(), Instant.now(), ledger.snapshot(), session.lastSubmit,
          session.maxLag, stop.getCount() == 0, warnings);
    } finally {
      producer.close(PRODUCER_CLOSE);
    }
  }

  private void requireJobsTopic(EventTap tap) {
    boolean exists;
    try {
      exists = tap.topicExists(config.topics().jobs());
    } catch (KafkaException e) {
      throw new IllegalStateException("could not read topic metadata from " + config.bootstrapServers() + " (" + e
          + "): check --bootstrap and that the brokers are up", e);
    }
    if (!exists) {
      throw new IllegalStateException("jobs topic '" + config.topics().jobs() + "' does not exist on "
          + config.bootstrapServers() + ": start the workers (or the devstack) first, create the topic, or pass "
          + "--jobs-topic");
    }
  }

  /** Job draws get their own random stream so that changing the mix does not change the arrival times. */
  private static long drawSeed(long seed) {
    return Long.rotateLeft(seed, 32) ^ 0x9E37_79B9_7F4A_7C15L;
  }

  /** The mutable state of one {@link #run()}; used by the run's thread only. */
  private final class Session {
    private final RunClock clock;
    private final RunLedger ledger;
    private final Producer<String, byte[]> producer;
    private final JobFactory jobs;
    private final long statusNanos = config.statusInterval().toNanos();
    private long nextStatus = statusNanos;
    private long lastSubmit;
    private long maxLag;

    private Session(RunClock clock, RunLedger ledger, Producer<String, byte[]> producer, JobFactory jobs) {
      this.clock = clock;
      this.ledger = ledger;
      this.producer = producer;
      this.jobs = jobs;
    }

    void submitAll(ArrivalSchedule schedule) throws InterruptedException {
      while (schedule.hasNext()) {
        long planned = schedule.nextLong();
        if (!sleepUntil(planned)) {
          return;
        }
        long now = clock.nanos();
        maxLag = Math.max(maxLag, now - planned);
        PlannedJob next = jobs.next(clock.wallClock(now));
        Job job = next.job();
        ledger.submitted(new SubmittedJob(job.id(), next.jobClass().name(), job.numImages(), planned, now));
        send(job);
        lastSubmit = now;
      }
    }

    void drain(EventTap tap) throws InterruptedException {
      long deadline = lastSubmit + config.timeout().toNanos();
      while (stop.getCount() > 0 && ledger.pending() > 0 && tap.failure().isEmpty()) {
        long left = deadline - clock.nanos();
        if (left <= 0) {
          return;
        }
        ledger.awaitSettled(Duration.ofNanos(Math.min(left, MAX_WAIT_SLICE_NANOS)));
        reportIfDue(RunProgress.Phase.DRAINING);
      }
      if (ledger.pending() == 0 && !config.grace().isZero()) {
        stop.await(config.grace().toNanos(), TimeUnit.NANOSECONDS);
      }
    }

    private void send(Job job) {
      try {
        producer.send(new ProducerRecord<>(config.topics().jobs(), job.id(), codec.encode(job)), (meta, error) -> {
          if (error != null) {
            ledger.sendFailed(job.id(), error.toString());
          }
        });
      } catch (RuntimeException e) {
        ledger.sendFailed(job.id(), e.toString());
      }
    }

    /** Waits until {@code target}; false when a stop was requested. */
    private boolean sleepUntil(long target) throws InterruptedException {
      while (true) {
        reportIfDue(RunProgress.Phase.SUBMITTING);
        long now = clock.nanos();
        if (stop.getCount() == 0 || arrivalsEnd.getCount() == 0) {
          return false;
        }
        if (now >= target) {
          return true;
        }
        long wait = Math.min(Math.min(target - now, Math.max(1, nextStatus - now)), MAX_WAIT_SLICE_NANOS);
        if (stop.await(wait, TimeUnit.NANOSECONDS)) {
          return false;
        }
      }
    }

    private void reportIfDue(RunProgress.Phase phase) {
      long now = clock.nanos();
      if (now < nextStatus) {
        return;
      }
      while (nextStatus <= now) {
        nextStatus += statusNanos;
      }
      observer.onProgress(new RunProgress(phase, now / 1e9, ledger.submittedCount(), ledger.pending()));
    }
  }
}
