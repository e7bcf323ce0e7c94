package dev.latentq.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchedulerKindTest {

  @Test
  void findsKindsByTheirWireNameIgnoringCaseAndBlanks() {
    assertThat(SchedulerKind.fromName("euler_a")).isEqualTo(SchedulerKind.EULER_ANCESTRAL);
    assertThat(SchedulerKind.fromName(" DPMPP_2M_Karras ")).isEqualTo(SchedulerKind.DPMPP_2M_KARRAS);
    assertThat(SchedulerKind.fromName("lcm").diffusersClass()).isEqualTo("LCMScheduler");
  }

  @Test
  void unknownNameErrorListsEveryValidName() {
    assertThatThrownBy(() -> SchedulerKind.fromName("heun"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'heun'")
        .hasMessageContaining("ddim, pndm, euler, euler_a, dpmpp_2m, dpmpp_2m_karras, lcm");
  }

  @Test
  void nullNameIsReportedNotThrownAsNullPointer() {
    assertThatThrownBy(() -> SchedulerKind.fromName(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultKindFollowsTheSchedulerTheModelShipsWith() {
    assertThat(SchedulerKind.defaultFor(Fixtures.model("tiny-sd15"))).isEqualTo(SchedulerKind.PNDM);
    assertThat(SchedulerKind.defaultFor(Fixtures.model("tiny-sd2v"))).isEqualTo(SchedulerKind.DDIM);
    assertThat(SchedulerKind.defaultFor(Fixtures.model("tiny-sdxl"))).isEqualTo(SchedulerKind.EULER);
    assertThat(SchedulerKind.defaultFor(Fixtures.model("tiny-lcm"))).isEqualTo(SchedulerKind.LCM);
    assertThat(SchedulerKind.defaultFor(Fixtures.stableDiffusion("DPMSolverMultistepScheduler",
        "\"use_karras_sigmas\": true"))).isEqualTo(SchedulerKind.DPMPP_2M_KARRAS);
    assertThat(SchedulerKind.defaultFor(Fixtures.stableDiffusion("UniPCMultistepScheduler", "")))
        .isEqualTo(SchedulerKind.DPMPP_2M);
    assertThat(SchedulerKind.defaultFor(Fixtures.stableDiffusion("LMSDiscreteScheduler", "")))
        .isEqualTo(SchedulerKind.EULER);
  }

  @Test
  void kindsBuildTheirSchedulerFromAConfig() {
    assertThat(SchedulerKind.DPMPP_2M_KARRAS.create(Fixtures.model("tiny-sd15")).kind())
        .isEqualTo(SchedulerKind.DPMPP_2M_KARRAS);
  }
}
