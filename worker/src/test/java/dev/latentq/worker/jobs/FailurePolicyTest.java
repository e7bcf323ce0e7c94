package dev.latentq.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latentq.protocol.FailureCode;
import dev.latentq.worker.jobs.FailurePolicy.Strategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FailurePolicyTest {
  private final FailurePolicy policy = FailurePolicy.DEFAULT;

  @ParameterizedTest
  @EnumSource(value = FailureCode.class, names = {"INVALID_JSON", "INVALID_JOB", "UNKNOWN_MODEL", "UNKNOWN_LORA",
      "UNSUPPORTED_REQUEST", "FORBIDDEN_BUCKET"})
  void badInputIsDeadLettered(FailureCode code) {
    assertThat(policy.onRejection(code)).isEqualTo(Strategy.DEAD_LETTER);
    assertThat(code.retryable()).as("a dead-lettered record can never succeed unchanged").isFalse();
  }

  @Test
  void aJobPastItsDeadlineAtIntakeOnlyFails() {
    assertThat(policy.onRejection(FailureCode.DEADLINE_EXCEEDED)).isEqualTo(Strategy.PUBLISH_OUTCOME);
  }

  @Test
  void aValidJobUnderAnIdInUseOnlyFails() {
    assertThat(policy.onRejection(FailureCode.ID_CONFLICT)).isEqualTo(Strategy.PUBLISH_OUTCOME);
    assertThat(FailureCode.ID_CONFLICT.retryable()).isFalse();
  }

  @Test
  void aRecordThatTripsABugIsDeadLetteredSoItCannotStallItsPartition() {
    assertThat(policy.onUnexpected()).isEqualTo(Strategy.DEAD_LETTER);
  }

  @ParameterizedTest
  @EnumSource(FailureCode.class)
  void failuresAfterIntakePublishTheirOutcome(FailureCode code) {
    assertThat(policy.onJobFailure(code)).isEqualTo(Strategy.PUBLISH_OUTCOME);
  }

  @Test
  void abandonedJobsAndUnpublishedOutcomesAreRedelivered() {
    assertThat(policy.onAbandoned()).isEqualTo(Strategy.REDELIVER);
    assertThat(policy.onUnpublishedOutcome()).isEqualTo(Strategy.REDELIVER);
    assertThat(policy.onCanceled()).isEqualTo(Strategy.PUBLISH_OUTCOME);
  }
}
