package dev.latentq.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntakeBudgetTest {

  @Test
  void jobsWaitingForUploadsDoNotHoldTheEnginesSlotsUntilTheirOwnBudgetIsFull() {
    int limit = 32;
    // 34 jobs stuck retrying uploads and 2 new ones: intake must not pause for the stuck ones.
    assertThat(IntakeBudget.counted(36, 34, limit)).isEqualTo(2);
    assertThat(new PartitionFlowControl(limit).update(IntakeBudget.counted(36, 34, limit)))
        .isEqualTo(PartitionFlowControl.Action.NONE);
    // Beyond their own budget (3 x 32 = 96) storing jobs count again, which bounds the images held in memory.
    assertThat(IntakeBudget.counted(130, 100, limit)).isEqualTo(130 - 96);
    assertThat(IntakeBudget.counted(10, 0, limit)).isEqualTo(10);
  }
}
