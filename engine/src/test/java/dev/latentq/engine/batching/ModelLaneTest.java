package dev.latentq.engine.batching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.batching.JobOutcomeException.Reason;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.pipeline.GenerationRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Admission, grouping and step-boundary joins of one lane, on a simulated model with free calls. */
class ModelLaneTest {
  private static final int SIDE = 64;

  private final DiffusionModel model = SimulatedModels.free("sim");
  private final RecordingListener listener = new RecordingListener();
  private final AtomicLong now = new AtomicLong(1_000);
  private ModelLane lane;
  private int arrivals;

  @AfterEach
  void close() throws Exception {
    if (lane != null) {
      lane.close();
    }
    model.close();
  }

  @Test
  void guidedJobsJoinWhileTheirRowsFitTheCall() {
    lane = lane(4);
    ActiveJob a = enqueue("a", SimulatedModels.request(SIDE, 3, 1));
    ActiveJob b = enqueue("b", SimulatedModels.request(SIDE, 3, 1));
    ActiveJob c = enqueue("c", SimulatedModels.request(SIDE, 3, 1));

    lane.admit();

    assertThat(lane.runningJobs()).as("two guided images fill four rows").isEqualTo(2);
    assertThat(lane.queued()).isEqualTo(1);
    assertThat(listener.started).containsExactly("a", "b");
    assertThat(c.result).isNotDone();
  }

  @Test
  void higherPriorityJoinsFirstThenEarlierArrival() {
    lane = lane(2);
    enqueue("early", SimulatedModels.request(SIDE, 3, 1));
    enqueue("urgent", SimulatedModels.request(SIDE, 3, 1), 5);
    enqueue("late", SimulatedModels.request(SIDE, 3, 1));

    lane.admit();
    assertThat(listener.started).containsExactly("urgent");
    runUntilIdle();
    lane.admit();
    assertThat(listener.started).containsExactly("urgent", "early");
  }

  @Test
  void atMostTwoLatentSizesRunAtOnce() {
    lane = lane(8);
    enqueue("64", SimulatedModels.request(64, 3, 1));
    enqueue("96", SimulatedModels.request(96, 3, 1));
    ActiveJob third = enqueue("128", SimulatedModels.request(128, 3, 1));
    enqueue("64-again", SimulatedModels.request(64, 3, 1));

    lane.admit();

    assertThat(listener.started).as("a third size waits; the first size still has room")
        .containsExactly("64", "96", "64-again");
    assertThat(third.result).isNotDone();
    runUntilIdle();
    lane.admit();
    assertThat(listener.started).endsWith("128");
  }

  @Test
  void aJobTooBigForTheCallRunsAloneWhenTheLaneIsEmpty() {
    lane = lane(2);
    ActiveJob big = enqueue("big", SimulatedModels.request(SIDE, 2, 3));

    lane.admit();

    assertThat(lane.runningJobs()).isEqualTo(1);
    assertThat(lane.runningSamples()).isEqualTo(3);
    runUntilIdle();
    assertThat(big.result.join().images()).hasSize(3);
  }

  @Test
  void aJobThatDoesNotFitReservesItsGroupSoSmallerJobsCannotStarveIt() {
    lane = lane(4);
    enqueue("running", SimulatedModels.request(SIDE, 4, 1));
    lane.admit();
    ActiveJob wide = enqueue("wide", SimulatedModels.request(SIDE, 4, 2));
    ActiveJob small = enqueue("small", SimulatedModels.request(SIDE, 4, 1));

    lane.admit();

    assertThat(listener.started).as("the small job would fit, but waits behind the wide one")
        .containsExactly("running");
    runUntilIdle();
    lane.admit();
    assertThat(listener.started).containsExactly("running", "wide");
    assertThat(wide.result).isNotDone();
    assertThat(small.result).isNotDone();
  }

  @Test
  void aJobJoinsARunningBatchAtAStepBoundaryAndLeavesWhenItsStepsAreDone() {
    lane = lane(4);
    ActiveJob first = enqueue("first", SimulatedModels.request(SIDE, 4, 1));
    lane.admit();
    lane.step();
    lane.step();
    ActiveJob second = enqueue("second", SimulatedModels.request(SIDE, 4, 1));
    lane.admit();
    assertThat(lane.runningJobs()).isEqualTo(2);

    lane.step();
    lane.step();

    assertThat(first.result).as("four steps done").isCompleted();
    assertThat(second.result).isNotDone();
    assertThat(lane.runningJobs()).isEqualTo(1);
    lane.step();
    lane.step();
    assertThat(second.result).isCompleted();
    assertThat(listener.progress).containsSubsequence("first 1/4", "first 2/4", "first 3/4", "second 1/4",
        "first 4/4", "second 4/4");
  }

  @Test
  void aRemovedRunningJobLeavesTheBatchAndTheOthersGoOn() {
    lane = lane(4);
    ActiveJob staying = enqueue("staying", SimulatedModels.request(SIDE, 3, 1));
    enqueue("leaving", SimulatedModels.request(SIDE, 3, 1));
    lane.admit();
    lane.step();

    assertThat(lane.remove("leaving")).isNotNull();

    assertThat(lane.runningSamples()).isEqualTo(1);
    runUntilIdle();
    assertThat(staying.result.join().images()).hasSize(1);
    assertThat(lane.remove("leaving")).isNull();
  }

  @Test
  void aQueuedJobPastItsDeadlineFailsWithoutRunning() {
    lane = lane(2);
    Instant deadline = Instant.parse("2026-12-03T12:00:00Z");
    enqueue("running", SimulatedModels.request(SIDE, 3, 1));
    lane.admit();
    ActiveJob late = enqueue(EngineJob.of("late", "sim", SimulatedModels.request(SIDE, 3, 1))
        .withDeadline(deadline).withAcceptedNanos(arrivals++));

    lane.expireDeadlines(deadline.minusMillis(1));
    assertThat(late.result).isNotDone();
    lane.expireDeadlines(deadline);

    assertThat(late.result).isCompletedExceptionally();
    assertThat(outcome(late).reason()).isEqualTo(Reason.DEADLINE_EXCEEDED);
    assertThat(lane.queued()).isZero();
    assertThat(listener.started).containsExactly("running");
  }

  @Test
  void queueTimeRunsFromAcceptanceToAdmissionOnTheLanesClock() {
    lane = lane(2);
    ActiveJob job = enqueue(EngineJob.of("timed", "sim", SimulatedModels.request(SIDE, 2, 1))
        .withAcceptedNanos(1_000));
    now.set(5_000);

    lane.admit();
    now.set(9_000);
    runUntilIdle();

    JobImages images = job.result.join();
    assertThat(images.queuedNanos()).isEqualTo(4_000);
    assertThat(images.denoiseNanos()).isEqualTo(4_000);
  }

  @Test
  void aScheduleTheModelCannotRunFailsAsUnsupportedAndTheRestGoOn() {
    lane = lane(4);
    ActiveJob odd = enqueue("odd", SimulatedModels.request(SIDE, 5_000, 1));
    ActiveJob fine = enqueue("fine", SimulatedModels.request(SIDE, 3, 1));

    lane.admit();
    runUntilIdle();

    assertThat(outcome(odd).reason()).isEqualTo(Reason.UNSUPPORTED_REQUEST);
    assertThat(fine.result.join().images()).hasSize(1);
  }

  @Test
  void abandoningLeavesRunningJobsAloneUnlessAsked() {
    lane = lane(2);
    ActiveJob running = enqueue("running", SimulatedModels.request(SIDE, 3, 1));
    lane.admit();
    ActiveJob queued = enqueue("queued", SimulatedModels.request(SIDE, 3, 1));

    lane.abandonAll(JobOutcomeException.abandoned("draining"), false);
    assertThat(outcome(queued).kind()).isEqualTo(JobOutcomeException.Kind.ABANDONED);
    assertThat(running.result).isNotDone();

    lane.abandonAll(JobOutcomeException.abandoned("stopping"), true);
    assertThat(outcome(running).kind()).isEqualTo(JobOutcomeException.Kind.ABANDONED);
    assertThat(lane.hasWork()).isFalse();
  }

  private ModelLane lane(int maxRows) {
    return new ModelLane("sim", model, maxRows, listener, SchedulingOptions.DEFAULTS,
        Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), now::get);
  }

  private ActiveJob enqueue(String id, GenerationRequest request) {
    return enqueue(id, request, 0);
  }

  private ActiveJob enqueue(String id, GenerationRequest request, int priority) {
    return enqueue(EngineJob.of(id, "sim", request).withPriority(priority).withAcceptedNanos(arrivals++));
  }

  private ActiveJob enqueue(EngineJob job) {
    ActiveJob active = new ActiveJob(job);
    lane.enqueue(active);
    return active;
  }

  private void runUntilIdle() {
    for (int i = 0; i < 1_000 && lane.hasWork(); i++) {
      lane.step();
    }
    assertThat(lane.hasWork()).isFalse();
  }

  private static JobOutcomeException outcome(ActiveJob job) {
    assertThat(job.result).isCompletedExceptionally();
    Throwable cause = job.result.handle((r, e) -> e).join();
    assertThat(cause).isInstanceOf(JobOutcomeException.class);
    return (JobOutcomeException) cause;
  }

  private static final class RecordingListener implements EngineListener {
    final List<String> started = new ArrayList<>();
    final List<String> progress = new ArrayList<>();
    final List<StepStats> steps = new ArrayList<>();

    @Override
    public void started(EngineJob job) {
      started.add(job.id());
    }

    @Override
    public void progress(EngineJob job, int step, int totalSteps) {
      progress.add(job.id() + " " + step + "/" + totalSteps);
    }

    @Override
    public void stepped(StepStats stats) {
      steps.add(stats);
    }
  }
}
