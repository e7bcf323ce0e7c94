package dev.latentq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FailureCodeTest {

  @Test
  void onlyInfrastructureFailuresAreRetryable() {
    assertThat(Arrays.stream(FailureCode.values()).filter(FailureCode::retryable))
        .containsExactly(FailureCode.STORAGE_UNAVAILABLE, FailureCode.MODEL_UNAVAILABLE, FailureCode.INTERNAL_ERROR,
            FailureCode.SHUTTING_DOWN);
  }

  @Test
  void wireNamesRoundTripAndUnknownNamesAreEmpty() {
    for (FailureCode code : FailureCode.values()) {
      assertThat(FailureCode.fromWireName(code.wireName())).contains(code);
    }
    assertThat(FailureCode.fromWireName("gpu_on_fire")).isEmpty();
    assertThat(FailureCode.INIT_IMAGE_UNAVAILABLE.wireName()).isEqualTo("init_image_unavailable");
  }
}
