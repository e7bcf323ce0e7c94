package dev.latentq.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latentq.worker.kafka.PartitionFlowControl.Action;
import org.junit.jupiter.api.Test;

class PartitionFlowControlTest {

  @Test
  void pausesWhenTheHeldJobsReachTheLimit() {
    PartitionFlowControl flow = new PartitionFlowControl(4);
    assertThat(flow.update(1)).isEqualTo(Action.NONE);
    assertThat(flow.update(3)).isEqualTo(Action.NONE);
    assertThat(flow.update(4)).isEqualTo(Action.PAUSE);
    assertThat(flow.paused()).isTrue();
  }

  @Test
  void pausesOnceAndStaysPausedAboveHalf() {
    PartitionFlowControl flow = new PartitionFlowControl(4);
    flow.update(4);
    assertThat(flow.update(5)).as("overshoot from records already polled").isEqualTo(Action.NONE);
    assertThat(flow.update(3)).isEqualTo(Action.NONE);
    assertThat(flow.paused()).isTrue();
  }

  @Test
  void resumesAtHalfTheLimit() {
    PartitionFlowControl flow = new PartitionFlowControl(4);
    flow.update(4);
    assertThat(flow.update(2)).isEqualTo(Action.RESUME);
    assertThat(flow.paused()).isFalse();
    assertThat(flow.update(1)).isEqualTo(Action.NONE);
  }

  @Test
  void resumesAtTheRoundedDownHalfOfAnOddLimit() {
    PartitionFlowControl flow = new PartitionFlowControl(5);
    flow.update(5);
    assertThat(flow.update(3)).isEqualTo(Action.NONE);
    assertThat(flow.update(2)).isEqualTo(Action.RESUME);
  }

  @Test
  void pausesAgainAfterAResume() {
    PartitionFlowControl flow = new PartitionFlowControl(2);
    assertThat(flow.update(2)).isEqualTo(Action.PAUSE);
    assertThat(flow.update(1)).isEqualTo(Action.RESUME);
    assertThat(flow.update(2)).isEqualTo(Action.PAUSE);
  }

  @Test
  void aLimitOfOneResumesWhenNothingIsHeld() {
    PartitionFlowControl flow = new PartitionFlowControl(1);
    assertThat(flow.update(1)).isEqualTo(Action.PAUSE);
    assertThat(flow.update(0)).isEqualTo(Action.RESUME);
  }

  @Test
  void rejectsALimitBelowOne() {
    assertThatThrownBy(() -> new PartitionFlowControl(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(">= 1");
  }
}
