package dev.latentq.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchedulePlanContractTest {

  private static Scheduler ddim() {
    return Schedulers.create(SchedulerKind.DDIM, Fixtures.shapesSd());
  }

  @Test
  void rejectsStepsBelowOneAndAboveTheTrainingSchedule() {
    assertThatThrownBy(() -> ddim().plan(0, 1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> ddim().plan(1001, 1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1000 steps");
  }

  @Test
  void rejectsStrengthOutsideZeroToOne() {
    for (double strength : new double[] {0.0, -0.5, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> ddim().plan(20, strength))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strength must be in (0, 1]");
    }
  }

  @Test
  void imageToImageThatWouldRunNoStepAsksForMoreStrengthOrSteps() {
    assertThatThrownBy(() -> ddim().plan(4, 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("would run no ddim step")
        .hasMessageContaining("raise strength or steps");
  }

  @Test
  void repeatedFirstTimestepThatDiffusersCannotStepIsRejected() {
    SchedulerConfig cosine = SchedulerConfig.parse("{\"beta_schedule\": \"squaredcos_cap_v2\"}", "cosine");
    assertThatThrownBy(() -> Schedulers.create(SchedulerKind.DPMPP_2M_KARRAS, cosine).plan(30, 1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeats its first timestep");
  }

  @Test
  void offsetsThatLeaveTheTrainingScheduleAreRejectedWhereDiffusersWouldFail() {
    SchedulerConfig config = Fixtures.stableDiffusion("DDIMScheduler", "\"steps_offset\": 300");
    assertThatThrownBy(() -> Schedulers.create(SchedulerKind.DDIM, config).plan(4, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("training timestep 1050")
        .hasMessageContaining("steps_offset");
  }

  @Test
  void stepsMustComeInOrderPerSample() {
    SchedulePlan plan = ddim().plan(4, 1.0);
    SampleState state = plan.newState(4);
    float[] sample = Fixtures.SAMPLE.clone();
    assertThatThrownBy(() -> plan.step(state, 1, Fixtures.OUTPUT, sample, null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("expects evaluation 0");
    plan.step(state, 0, Fixtures.OUTPUT, sample, null);
    assertThat(state.nextStep()).isEqualTo(1);
  }

  @Test
  void samplesAtDifferentStepsShareOnePlan() {
    SchedulePlan plan = Fixtures.plan(SchedulerKind.PNDM, Fixtures.model("tiny-sd15"), 4);
    float[] early = Fixtures.SAMPLE.clone();
    SampleState earlyState = plan.newState(4);
    SampleState lateState = plan.newState(4);
    float[] late = Fixtures.SAMPLE.clone();
    plan.step(lateState, 0, Fixtures.output(0), late, null);
    plan.step(lateState, 1, Fixtures.output(1), late, null);
    plan.step(earlyState, 0, Fixtures.output(0), early, null);
    plan.step(lateState, 2, Fixtures.output(2), late, null);
    assertThat(early).containsExactly(Fixtures.run(plan, 1));
    assertThat(late).containsExactly(Fixtures.run(plan, 3));
  }

  @Test
  void rejectsForeignStatesAndMismatchedSizes() {
    SchedulePlan plan = ddim().plan(4, 1.0);
    SampleState foreign = ddim().plan(4, 1.0).newState(4);
    assertThatThrownBy(() -> plan.step(foreign, 0, Fixtures.OUTPUT, Fixtures.SAMPLE.clone(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plan.newState()");
    assertThatThrownBy(() -> plan.step(plan.newState(4), 0, new float[3], Fixtures.SAMPLE.clone(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("modelOutput holds 3 floats");
    assertThatThrownBy(() -> plan.newState(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noiseIsRequiredWhenTheStepConsumesIt() {
    SchedulePlan plan = Fixtures.plan(SchedulerKind.EULER_ANCESTRAL, Fixtures.model("tiny-sd15"), 4);
    assertThatThrownBy(() -> plan.step(plan.newState(4), 0, Fixtures.OUTPUT, Fixtures.SAMPLE.clone(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noise is required");
  }

  @Test
  void evaluationIndexOutsideThePlanIsRejected() {
    SchedulePlan plan = ddim().plan(4, 1.0);
    assertThatThrownBy(() -> plan.timestep(4)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> plan.needsNoise(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void describesKindAndStepsForLogs() {
    assertThat(ddim().plan(20, 1.0).description()).isEqualTo("DDIM, 20 steps");
    assertThat(Fixtures.plan(SchedulerKind.EULER_ANCESTRAL, Fixtures.model("tiny-sd15"), 15).description())
        .isEqualTo("Euler a, 15 steps");
  }

  @Test
  void everyKindBuildsFromEveryFixtureModel() {
    for (String model : new String[] {"tiny-sd15", "tiny-sd2v", "tiny-sdxl", "tiny-lcm", "tiny-turbo"}) {
      for (SchedulerKind kind : SchedulerKind.values()) {
        SchedulePlan plan = Fixtures.plan(kind, Fixtures.model(model), 4);
        assertThat(plan.length()).as("%s from %s", kind, model).isGreaterThanOrEqualTo(4);
        assertThat(Fixtures.run(plan, plan.length())).doesNotContain(Float.NaN);
      }
    }
  }
}
