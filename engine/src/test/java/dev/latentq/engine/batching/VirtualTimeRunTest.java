package dev.latentq.engine.batching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.engine.batching.VirtualTimeRun.Arrival;
import dev.latentq.engine.batching.VirtualTimeRun.Completion;
import dev.latentq.engine.pipeline.DiffusionModel;
import dev.latentq.engine.simulation.AcceleratorMeter.Component;
import dev.latentq.engine.simulation.CostModel;
import dev.latentq.engine.simulation.SimulatedModel;
import dev.latentq.engine.simulation.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Both admission policies and the decode and text batching on the simulated H100, in virtual time. */
class VirtualTimeRunTest {
  private static final CostModel H100 = CostModel.load("h100-sd15-graph");
  private static final int STEPS = 20;

  private final VirtualClock clock = new VirtualClock(Instant.parse("2026-12-01T00:00:00Z"));
  private final DiffusionModel model = SimulatedModel.create("sim", H100, clock);

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  private Arrival at(double millis, String id) {
    var request = model.request("a photo of " + id).steps(STEPS).guidanceScale(7.5).build();
    return new Arrival(Math.round(millis * 1e6), EngineJob.of(id, model.name(), request));
  }

  private Map<String, Completion> run(int maxRows, SchedulingOptions options, List<Arrival> arrivals) {
    VirtualTimeRun.Result result = new VirtualTimeRun(model, clock, maxRows, options).run(arrivals);
    assertThat(result.completions()).hasSize(arrivals.size()).allMatch(Completion::succeeded);
    return result.completions().stream().collect(Collectors.toMap(c -> c.job().id(), Function.identity()));
  }

  @Test
  void stepAdmissionLetsALateJobJoinTheRunningBatchAtTheNextStep() {
    Map<String, Completion> done = run(16, SchedulingOptions.DEFAULTS,
        List.of(at(0, "first"), at(50, "second")));

    // Alone from its next step on, 20 steps of a 4-row call, its text encoding and decode, plus the step it waited.
    double bound = 50 + (STEPS + 1) * H100.unet().millis(4) + H100.vaeDecoder().millis(2)
        + H100.textEncoder().millis(2);
    assertThat(millis(done.get("second").completedNanos())).isLessThanOrEqualTo(bound);
  }

  @Test
  void requestAdmissionMakesALateJobWaitForTheRunningBatchToFinish() {
    Map<String, Completion> done = run(16, SchedulingOptions.DEFAULTS.withAdmission("request")
        .withMaxQueueDelay(Duration.ZERO), List.of(at(0, "first"), at(50, "second")));

    double secondAlone = STEPS * H100.unet().millis(2);
    assertThat(millis(done.get("second").completedNanos() - done.get("first").completedNanos()))
        .isGreaterThanOrEqualTo(secondAlone);
  }

  @Test
  void requestAdmissionWaitsTheQueueDelayToBatchJobsArrivingTogether() {
    Map<String, Completion> done = run(16, SchedulingOptions.DEFAULTS.withAdmission("request")
        .withMaxQueueDelay(Duration.ofMillis(100)), List.of(at(0, "first"), at(30, "second")));

    assertThat(done.get("first").completedNanos()).isEqualTo(done.get("second").completedNanos());
    assertThat(millis(done.get("first").completedNanos())).isGreaterThanOrEqualTo(100 + STEPS * H100.unet().millis(4));
  }

  @Test
  void requestAdmissionStartsAFullBatchWithoutWaitingOutTheDelay() {
    Map<String, Completion> done = run(4, SchedulingOptions.DEFAULTS.withAdmission("request")
        .withMaxQueueDelay(Duration.ofSeconds(5)), List.of(at(0, "first"), at(0, "second")));

    assertThat(millis(done.get("first").completedNanos())).isLessThan(1000);
  }

  @Test
  void heldDecodesShareVaeCallsWhileJobsQueue() {
    List<Arrival> staggered = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      staggered.add(at(i * 40.0, "job-" + i));
    }
    run(8, SchedulingOptions.UNBATCHED, staggered);
    long unbatchedCalls = clock.meter().calls(Component.VAE_DECODER);

    VirtualClock second = new VirtualClock(Instant.EPOCH);
    DiffusionModel other = SimulatedModel.create("sim", H100, second);
    new VirtualTimeRun(other, second, 8, SchedulingOptions.DEFAULTS.withDecodeBatching(8, Duration.ofSeconds(1)))
        .run(staggered);

    assertThat(second.meter().calls(Component.VAE_DECODER)).isLessThan(unbatchedCalls);
  }

  @Test
  void jobsJoiningTogetherShareOneTextEncoderCall() {
    List<Arrival> burst = List.of(at(0, "a"), at(0, "b"), at(0, "c"), at(0, "d"));
    run(16, SchedulingOptions.DEFAULTS, burst);

    assertThat(clock.meter().calls(Component.TEXT_ENCODER)).isEqualTo(1);
  }

  @Test
  void textEncodingPerJobIsStillSelectable() {
    List<Arrival> burst = List.of(at(0, "a"), at(0, "b"), at(0, "c"), at(0, "d"));
    run(16, SchedulingOptions.UNBATCHED, burst);

    assertThat(clock.meter().calls(Component.TEXT_ENCODER)).isEqualTo(4);
  }

  @Test
  void aHigherPriorityJobTakesTheLowestPriorityJobsPlaceInAFullBatch() {
    Map<String, Completion> done = run(2, SchedulingOptions.DEFAULTS.withMaxPreemptions(1),
        List.of(at(0, "low"), new Arrival(Math.round(50e6), at(50, "high").job().withPriority(1))));

    assertThat(done.get("high").completedNanos()).isLessThan(done.get("low").completedNanos());
    double highAlone = STEPS * H100.unet().millis(2) + H100.vaeDecoder().millis(1) + H100.textEncoder().millis(2);
    assertThat(millis(done.get("high").completedNanos() - done.get("high").arrivedNanos()))
        .isLessThanOrEqualTo(highAlone + H100.unet().millis(2));
  }

  @Test
  void withoutPreemptionPriorityOnlyOrdersTheQueue() {
    Map<String, Completion> done = run(2, SchedulingOptions.DEFAULTS.withMaxPreemptions(0),
        List.of(at(0, "low"), new Arrival(Math.round(50e6), at(50, "high").job().withPriority(1))));

    assertThat(done.get("low").completedNanos()).isLessThan(done.get("high").completedNanos());
  }

  @Test
  void aJobIsPreemptedAtMostTheConfiguredNumberOfTimes() {
    // The second high-priority job arrives after the low one resumed; with one preemption allowed it must wait.
    double highDone = 50 + STEPS * H100.unet().millis(2) + 40;
    List<Arrival> arrivals = List.of(at(0, "low"),
        new Arrival(Math.round(50e6), at(50, "high-1").job().withPriority(1)),
        new Arrival(Math.round((highDone + 60) * 1e6), at(highDone + 60, "high-2").job().withPriority(1)));

    Map<String, Completion> once = run(2, SchedulingOptions.DEFAULTS.withMaxPreemptions(1), arrivals);

    assertThat(once.get("low").completedNanos()).isLessThan(once.get("high-2").completedNanos());

    VirtualClock second = new VirtualClock(Instant.EPOCH);
    Map<String, Completion> twice = new VirtualTimeRun(SimulatedModel.create("sim", H100, second), second, 2,
        SchedulingOptions.DEFAULTS.withMaxPreemptions(2)).run(arrivals).completions().stream()
        .collect(Collectors.toMap(c -> c.job().id(), Function.identity()));
    assertThat(twice.get("high-2").completedNanos()).isLessThan(twice.get("low").completedNanos());
  }

  @Test
  void theSameArrivalsGiveTheSameTimesOnEveryReplay() {
    List<Arrival> arrivals = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      arrivals.add(at(i * 25.0, "job-" + i));
    }
    VirtualClock second = new VirtualClock(Instant.parse("2026-12-01T00:00:00Z"));
    VirtualTimeRun.Result first = new VirtualTimeRun(model, clock, 8, SchedulingOptions.DEFAULTS).run(arrivals);
    VirtualTimeRun.Result again = new VirtualTimeRun(SimulatedModel.create("sim", H100, second), second, 8,
        SchedulingOptions.DEFAULTS).run(arrivals);

    assertThat(again.completions()).extracting(Completion::completedNanos)
        .isEqualTo(first.completions().stream().map(Completion::completedNanos).toList());
  }

  @Test
  void aStepLatencyBudgetStopsTheBatchGrowing() {
    List<Arrival> burst = List.of(at(0, "a"), at(0, "b"), at(0, "c"), at(0, "d"));
    // Two guided images (4 rows) fit in 17 ms per step on the H100 curve; a third would not.
    Map<String, Completion> budgeted = run(16, SchedulingOptions.DEFAULTS.withMaxStepLatency(Duration.ofMillis(17)),
        burst);

    assertThat(budgeted.values().stream().map(Completion::completedNanos).distinct()).hasSize(2);
    assertThat(budgeted.get("a").completedNanos()).isEqualTo(budgeted.get("b").completedNanos())
        .isLessThan(budgeted.get("c").completedNanos());
  }

  /** Eight priority-0 jobs at once, and a priority-1 job arriving while they denoise. */
  private List<Arrival> eightLowThenOneHigh() {
    List<Arrival> arrivals = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      arrivals.add(at(0, "low-" + i));
    }
    double highAt = 5 * H100.unet().millis(16) + 1;
    arrivals.add(new Arrival(Math.round(highAt * 1e6), at(highAt, "high").job().withPriority(1)));
    return arrivals;
  }

  @Test
  void aPriorityStepBudgetRunsAnOutrankingJobInASmallBatchAndTheOthersResumeAfter() {
    List<Arrival> arrivals = eightLowThenOneHigh();
    SchedulingOptions protectedPriority = SchedulingOptions.DEFAULTS.withDecodeBatching(16, Duration.ofSeconds(2))
        .withPriorityStepLatency(Duration.ofMillis(11));

    Map<String, Completion> done = run(32, protectedPriority, arrivals);

    // Alone from the next step on: the step in progress, its own 20 steps of 2 rows, text encoding and decode.
    double alone = H100.unet().millis(16) + STEPS * H100.unet().millis(2) + H100.textEncoder().millis(2)
        + H100.vaeDecoder().millis(1);
    Completion high = done.get("high");
    assertThat(millis(high.completedNanos() - high.arrivedNanos())).isLessThanOrEqualTo(alone + 0.01);
    assertThat(done.values()).filteredOn(c -> c.job().priority() == 0)
        .allMatch(c -> c.completedNanos() > high.completedNanos());
  }

  @Test
  void withoutAPriorityStepBudgetAnOutrankingJobJoinsTheWholeBatch() {
    Map<String, Completion> done = run(32, SchedulingOptions.DEFAULTS, eightLowThenOneHigh());

    Completion high = done.get("high");
    assertThat(millis(high.completedNanos() - high.arrivedNanos()))
        .isGreaterThan(STEPS * H100.unet().millis(10));
  }

  @Test
  void aJobDisplacedForPriorityTheConfiguredNumberOfTimesStaysInTheBatch() {
    List<Arrival> arrivals = List.of(at(0, "low"),
        new Arrival(Math.round(30e6), at(30, "high").job().withPriority(1)));
    SchedulingOptions noPreemption = SchedulingOptions.DEFAULTS.withMaxPreemptions(0)
        .withPriorityStepLatency(Duration.ofMillis(11));

    Map<String, Completion> done = run(32, noPreemption, arrivals);

    // The low job keeps its place: both denoise together in 4-row steps and the low one finishes first.
    assertThat(done.get("low").completedNanos()).isLessThan(done.get("high").completedNanos());
  }

  @Test
  void aJoiningJobsPromptIsEncodedTogetherWithQueuedOnesUpToACallsRows() {
    // Room for two guided images: b joins beside a, and c, queued behind them, shares b's text-encoder call.
    Map<String, Completion> done = run(4, SchedulingOptions.DEFAULTS,
        List.of(at(0, "a"), at(1, "b"), at(2, "c"), at(3, "d")));

    assertThat(done).hasSize(4);
    assertThat(clock.meter().calls(Component.TEXT_ENCODER)).as("a; b with c; d").isEqualTo(3);
  }
}
